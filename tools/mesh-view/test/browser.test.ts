import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeshView, startViewServer, type MeshView, type RunningView } from "../src/index.js";
import { LAPTOP, launchChromium, screenshot } from "../src/screenshot.js";
import { INGRESS, pod, request, workload } from "./builders.js";

const APP = workload("voting-app", "1.0");
const ANALYTICS_1_0 = workload("voting-analytics", "1.0");
const ANALYTICS_1_1 = workload("voting-analytics", "1.1");
const STORAGE = workload("voting-storage", "1.0");
const ONLY_1_1 = "VirtualService voting-analytics, route 0, subset v1-1";

let now = Date.UTC(2026, 0, 1, 12, 0, 0);
let view: MeshView;
let running: RunningView;
let browser: Browser;
let folder: string;

beforeAll(async () => {
  view = createMeshView({ windowSeconds: 10, now: () => now });
  view.setPods([
    pod("voting-app", "1.0"),
    pod("voting-analytics", "1.0"),
    pod("voting-analytics", "1.1"),
    pod("voting-storage", "1.0"),
  ]);
  running = await startViewServer(view, { port: 0, pushIntervalMs: 100 });
  browser = await launchChromium();
  folder = await mkdtemp(join(tmpdir(), "mesh-view-"));
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await rm(folder, { recursive: true, force: true });
});

/** Page views as the tutorial's steps send them: each one a request to the app and one to analytics. */
function pageViews(count: number, analytics: (i: number) => typeof APP, rule: string): void {
  for (let i = 0; i < count; i++) {
    view.recordRequest(request(INGRESS, APP, { rule: "Gateway voting-app-gateway" }));
    view.recordRequest(request(APP, analytics(i), { rule }));
  }
}

/** The traffic table as a person reads it: one line of cells per edge. */
function edgeRows(page: Page): Promise<string[][]> {
  return page
    .locator("#edge-rows tr")
    .evaluateAll((rows) =>
      rows.map((row) => [...(row as HTMLTableRowElement).cells].map((c) => c.textContent ?? "")),
    );
}

describe("the live view in a real Chromium", () => {
  it("when the routing changes, then the graph and the table follow, with no CSP violation", async () => {
    const page = await browser.newPage({ viewport: LAPTOP });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });

    // Kubernetes step 2: the Service spreads requests over analytics 1.0 and 1.1.
    pageViews(20, (i) => (i % 2 === 0 ? ANALYTICS_1_0 : ANALYTICS_1_1), "Service round-robin");
    const closeConnection = view.recordTcpOpen({ source: APP, destination: STORAGE });
    await page.goto(running.url);
    await expect
      .poll(async () => (await edgeRows(page)).map((cells) => cells.slice(0, 5)))
      .toEqual([
        ["aks-istio-ingressgateway-external", "voting-app 1.0", "2.0", "100%", "0%"],
        ["voting-app 1.0", "voting-analytics 1.0", "1.0", "50%", "0%"],
        ["voting-app 1.0", "voting-analytics 1.1", "1.0", "50%", "0%"],
        ["voting-app 1.0", "voting-storage 1.0", "TCP, 1 open", "100%", "–"],
      ]);
    expect(await page.evaluate("cy.edges().length")).toBe(4);
    expect(await page.evaluate("cy.nodes().length")).toBe(5);
    expect(await page.locator("#pod-rows tr").count()).toBe(4);
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/^Live · updated/);

    // Istio step 2: a VirtualService sends everything to 1.1; a window later, 1.0 is gone.
    closeConnection();
    now += 10_000;
    pageViews(30, () => ANALYTICS_1_1, ONLY_1_1);
    await expect
      .poll(async () =>
        (await edgeRows(page)).map((cells) => [cells[1], cells[2], cells[3], cells[5]]),
      )
      .toEqual([
        ["voting-app 1.0", "3.0", "100%", "Gateway voting-app-gateway"],
        ["voting-analytics 1.1", "3.0", "100%", ONLY_1_1],
      ]);
    await expect.poll(() => page.evaluate("cy.edges().length")).toBe(2);
    const label = await page.evaluate(
      "cy.edges().filter((e) => e.target().id().endsWith('1.1')).data('label')",
    );
    expect(label).toBe(`3.0 rps · 100% · 0% 5xx\n${ONLY_1_1}`);

    const file = join(folder, "mesh-view.png");
    await screenshot(page, file);
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("when used by keyboard, then the skip link, the pause button and the graph are reachable", async () => {
    const page = await browser.newPage({ viewport: LAPTOP });
    await page.goto(running.url);
    await page.waitForSelector("body[data-updated]");

    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Skip to the table of traffic",
    );
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("pause");
    await page.keyboard.press("Space");
    await expect.poll(() => page.locator("#pause").getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/^Paused/);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#pause").getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("graph");
    expect(await page.getByRole("img", { name: /Graph of the mesh/ }).count()).toBe(1);
    await page.close();
  });
});
