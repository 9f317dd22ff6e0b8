import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { launchChromium } from "@voting/devstack/browser";
import type { Page } from "playwright-core";

export { launchChromium };

/** A laptop screen, and a phone. */
export const LAPTOP = { width: 1366, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface ScreenshotOptions {
  /** The window size when a URL is given; the laptop screen unless told. */
  viewport?: { width: number; height: number };
  /** Waited for before the picture is taken, when a URL is given (e.g. "body[data-updated]"). */
  waitForSelector?: string;
  /** The whole page rather than the window. */
  fullPage?: boolean;
}

/**
 * Writes a PNG of a page: an open one as it is, or a URL opened in a fresh headless Chromium.
 * Folders on the way to the file are made.
 */
export async function screenshot(
  target: Page | string,
  file: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  if (typeof target !== "string") {
    await target.screenshot({ path: file, fullPage: options.fullPage ?? false });
    return;
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: options.viewport ?? LAPTOP });
    await page.goto(target);
    if (options.waitForSelector) await page.waitForSelector(options.waitForSelector);
    await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  } finally {
    await browser.close();
  }
}
