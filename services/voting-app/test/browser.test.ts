import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisVoteStore } from "@voting/storage";
import { launchChromium } from "@voting/devstack/browser";
import { startRealStack, type RealStack } from "./real-stack.js";

const host = process.env.REDIS_HOST ?? "127.0.0.1";
const port = Number(process.env.REDIS_PORT ?? 6379);
const prefix = `test:${randomUUID()}:`;
let stack: RealStack;
let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  stack = await startRealStack({
    appVersion: "1.0",
    analyticsVersion: "1.1",
    openStore: () => new RedisVoteStore({ host, port, keyPrefix: prefix }),
  });
  server = createServer(stack.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
  const admin = new Redis({ host, port });
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
});

describe("the voting page in a real Chromium", () => {
  it("when a person votes, resets and toggles the feature flag, then the page follows", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const results = page.locator("#results");

    await page.goto(origin);
    await expect.poll(() => page.title()).toBe("AKS Voting App");
    expect((await results.textContent())?.trim()).toBe("Cats: 0/0 (0%) | Dogs: 0/0 (0%)");

    const voteId = page.locator('form.choices input[name="vote_id"]');
    const firstId = await voteId.getAttribute("value");
    await page.getByRole("button", { name: "Cats" }).click();
    await page.waitForURL(`${origin}/`);
    expect((await results.textContent())?.trim()).toBe("Cats: 1/1 (100%) | Dogs: 0/1 (0%)");
    // The page after the vote names the next vote afresh, so it counts as a vote of its own.
    expect(await voteId.getAttribute("value")).not.toBe(firstId);

    // Keyboard only: the Dogs button is reachable with Tab and pressed with Enter.
    await page.getByRole("button", { name: "Dogs" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForLoadState("load");
    await expect
      .poll(async () => (await results.textContent())?.trim())
      .toBe("Cats: 1/2 (50%) | Dogs: 1/2 (50%)");

    await page.getByRole("button", { name: "Reset votes" }).click();
    await expect
      .poll(async () => (await results.textContent())?.trim())
      .toBe("Cats: 0/0 (0%) | Dogs: 0/0 (0%)");

    await expect.poll(async () => page.locator(".flag strong").textContent()).toBe("clear");
    await page.getByRole("button", { name: "Set feature flag" }).click();
    await expect.poll(async () => page.locator(".flag strong").textContent()).toBe("set");
    const cookies = await context.cookies();
    const flag = cookies.find((cookie) => cookie.name === "featureflag");
    expect(flag?.value).toBe("on");
    expect(flag?.path).toBe("/");

    await page.getByRole("button", { name: "Clear feature flag" }).click();
    await expect.poll(async () => page.locator(".flag strong").textContent()).toBe("clear");
    expect((await context.cookies()).some((cookie) => cookie.name === "featureflag")).toBe(false);
    await context.close();
  });

  it("when a person goes back to the page they voted from, then voting from it counts again", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const results = page.locator("#results");
    const voteId = page.locator('form.choices input[name="vote_id"]');
    await page.goto(origin);
    await page.getByRole("button", { name: "Reset votes" }).click();
    await page.waitForURL(`${origin}/`);

    await page.getByRole("button", { name: "Dogs" }).click();
    await page.waitForURL(`${origin}/`);
    await page.goBack();
    await page.getByRole("button", { name: "Dogs" }).click();
    await page.waitForURL(`${origin}/`);
    expect((await results.textContent())?.trim()).toBe("Cats: 0/2 (0%) | Dogs: 2/2 (100%)");

    // Whether this Chromium keeps the page in its back/forward cache or not, a page shown again
    // from it says so with a persisted pageshow: the page's script loads it afresh, new id and all.
    const shownId = await voteId.getAttribute("value");
    const reloaded = page.waitForEvent("load", { timeout: 10_000 });
    await page.evaluate(() =>
      window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true })),
    );
    await reloaded;
    expect(await voteId.getAttribute("value")).not.toBe(shownId);
    await context.close();
  });

  it("when the page is opened on a phone-sized screen, then both choices fit without sideways scrolling", async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(origin);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const cats = await page.getByRole("button", { name: "Cats" }).boundingBox();
    const dogs = await page.getByRole("button", { name: "Dogs" }).boundingBox();
    expect(cats && dogs && dogs.y > cats.y).toBe(true);
    await page.screenshot({
      path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/phone.png` : undefined,
    });
    await context.close();
  });
});
