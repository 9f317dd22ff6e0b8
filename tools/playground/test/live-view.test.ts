import { join } from "node:path";
import { REPO_ROOT } from "@voting/manifests";
import { LAPTOP, launchChromium, PHONE, screenshot } from "@voting/mesh-view/screenshot";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allRunning,
  kubectl,
  loop,
  type PlaygroundProcess,
  startPlaygroundProcess,
  vote,
  waitForPods,
} from "./walk-helpers.js";

// The live view in a real Chromium while the tutorial is walked with the real kubectl: after each
// step, real requests through the ingress, and the view's table of traffic follows the routing.
// With UPDATE_SCREENSHOTS=1 the run also writes the pictures the docs show (docs/images).
const IMAGES = join(REPO_ROOT, "docs", "images");
const FLAG = "featureflag=on";
const INGRESS = "istio-ingressgateway";

let playground: PlaygroundProcess;
let browser: Browser;
let view: Page;

beforeAll(async () => {
  [playground, browser] = await Promise.all([
    startPlaygroundProcess(["--empty"], "pg_view"),
    launchChromium(),
  ]);
  // A smaller laptop screen than the voting page's: the view must read well there too.
  view = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await view.goto(playground.viewUrl);
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
}, 30_000);

const run = async (...argv: string[]) => {
  const result = await kubectl(playground.kubeconfig, ...argv);
  if (result.code !== 0) throw new Error(`kubectl ${argv.join(" ")}: ${result.stderr.join("; ")}`);
};
const apply = (file: string) => run("apply", "-f", file, "--namespace", "voting");

/** The HTTP edges of the view's table as a person reads them: "from → to". */
async function httpEdges(page: Page): Promise<string[]> {
  const rows = await page
    .locator("#edge-rows tr")
    .evaluateAll((trs) =>
      trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent ?? "")),
    );
  return rows
    .filter((cells) => !cells[2]?.startsWith("TCP"))
    .map((cells) => `${cells[0]} → ${cells[1]}`)
    .sort();
}

/**
 * Views pages (with `cookie` when given) until the view's table shows exactly `edges`: the
 * graph covers the last ten seconds, so edges of an older routing fade out as traffic goes on.
 */
async function expectEdges(edges: string[], cookie?: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await loop(playground.url, 3, cookie);
        return httpEdges(view);
      },
      { timeout: 40_000, interval: 300 },
    )
    .toEqual([...edges].sort());
}

/** Writes a docs picture of the view, when asked to (UPDATE_SCREENSHOTS=1). */
async function picture(page: Page, file: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== "1") return;
  await screenshot(page, join(IMAGES, file));
}

describe("the live view while the tutorial is walked", () => {
  it("when step 1 is applied, then the view shows the ingress → app 1.0 → analytics 1.0 chain", async () => {
    await run("create", "namespace", "voting");
    await run("label", "namespace", "voting", "istio-injection=enabled");
    await apply("k8s/step-1-create-voting-app.yaml");
    await apply("istio/step-1-create-voting-app-gateway.yaml");
    await waitForPods(playground.kubeconfig, (pods) => pods.length === 5 && allRunning(pods));
    await expectEdges([`${INGRESS} → voting-app 1.0`, "voting-app 1.0 → voting-analytics 1.0"]);
    // Every pod is listed with its labels and READY 2/2.
    await expect
      .poll(() => view.locator("#pod-rows tr td:nth-child(3)").allTextContents())
      .toEqual(Array(5).fill("2/2"));
    for (const choice of ["Cats", "Dogs", "Dogs", "Cats", "Dogs"])
      await vote(playground.url, choice);
    await picture(view, "playground-view-step-1.png");
  }, 90_000);

  it("when analytics 1.1 is deployed with no rule, then the app's calls go to both versions", async () => {
    await apply("k8s/step-2-update-voting-analytics-to-1.1.yaml");
    await waitForPods(playground.kubeconfig, (pods) => pods.length === 6 && allRunning(pods));
    await expectEdges([
      `${INGRESS} → voting-app 1.0`,
      "voting-app 1.0 → voting-analytics 1.0",
      "voting-app 1.0 → voting-analytics 1.1",
    ]);
    await picture(view, "playground-view-step-2-both.png");
  }, 90_000);

  it("when Istio step 2 pins every component, then only analytics 1.1 is called", async () => {
    await apply("istio/step-2-update-and-add-routing-for-all-components.yaml");
    await expectEdges([`${INGRESS} → voting-app 1.0`, "voting-app 1.0 → voting-analytics 1.1"]);
    await picture(view, "playground-view-step-2.png");

    // The voting page itself, for the README: on a laptop and on a phone.
    for (const [viewport, file] of [
      [LAPTOP, "voting-app-desktop.png"],
      [PHONE, "voting-app-phone.png"],
    ] as const) {
      const page = await browser.newPage({ viewport });
      await page.goto(playground.url);
      await expect.poll(() => page.locator("#results").textContent()).toMatch(/Cats: 2\/5/);
      await picture(page, file);
      await page.close();
    }
  }, 90_000);

  it("when step 3 is applied, then the feature-flag cookie takes the 2.0 chain and other requests stay on 1.0 → 1.1", async () => {
    await apply("istio/step-3-add-routing-for-2.0-components.yaml");
    await apply("k8s/step-3-update-voting-app-with-new-storage.yaml");
    await waitForPods(playground.kubeconfig, (pods) => pods.length === 11 && allRunning(pods));
    await expectEdges(
      [`${INGRESS} → voting-app 2.0`, "voting-app 2.0 → voting-analytics 2.0"],
      FLAG,
    );
    await picture(view, "playground-view-step-3-cookie.png");
    await expectEdges([`${INGRESS} → voting-app 1.0`, "voting-app 1.0 → voting-analytics 1.1"]);
    await picture(view, "playground-view-step-3.png");
  }, 90_000);
});
