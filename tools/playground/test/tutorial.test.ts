import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@voting/manifests";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../services/voting-app/test/browser.js";
import {
  allRunning,
  expectOnly20PodsLeft,
  getPods,
  kubectl,
  loop,
  type PlaygroundProcess,
  startPlaygroundProcess,
  vote,
  waitForPods,
} from "./walk-helpers.js";

// The tutorial, walked with the playground's kubectl in its own order, against a private Redis
// and a throw-away MySQL database, checking what a learner sees after each step.
const TEXT_1_0 = '<div id="results"> Cats: 2 | Dogs: 4 </div>';
const TEXT_1_1 = '<div id="results"> Cats: 2/6 (33%) | Dogs: 4/6 (67%) </div>';
const FLAG = "featureflag=on";

let playground: PlaygroundProcess;
let control: number;
let url: string;
let browser: Browser | undefined;
const run = (...argv: string[]) => kubectl(control, ...argv);

beforeAll(async () => {
  playground = await startPlaygroundProcess(["--empty"]);
  ({ control, url } = playground);
});

afterAll(async () => {
  await browser?.close();
  // SIGTERM: the playground stops its pods, each within its grace period, and takes back the
  // MySQL rights it granted.
  await playground?.stop();
}, 30_000);

describe("the tutorial on one machine", () => {
  it("when step 1's Kubernetes file is applied, then kubectl prints its lines and, with no Gateway, the ingress answers 404", async () => {
    expect(await run("label", "namespace", "voting", "istio-injection=enabled")).toEqual({
      code: 0,
      stdout: ["namespace/voting labeled"],
      stderr: [],
    });
    const applied = await run(
      "apply",
      "-f",
      "k8s/step-1-create-voting-app.yaml",
      "--namespace",
      "voting",
    );
    expect(applied).toEqual({
      code: 0,
      stdout: [
        "deployment.apps/voting-storage-1-0 created",
        "service/voting-storage created",
        "deployment.apps/voting-analytics-1-0 created",
        "service/voting-analytics created",
        "deployment.apps/voting-app-1-0 created",
        "service/voting-app created",
      ],
      stderr: [],
    });
    expect((await fetch(url)).status).toBe(404);
  });

  it("when the Gateway is applied, then the loop shows only the 1.0 text", async () => {
    const applied = await run(
      "apply",
      "-f",
      "istio/step-1-create-voting-app-gateway.yaml",
      "-n",
      "voting",
    );
    expect(applied.stdout).toEqual([
      "virtualservice.networking.istio.io/voting-app created",
      "gateway.networking.istio.io/voting-app-gateway created",
    ]);
    const pods = await waitForPods(control, (listed) => listed.length === 5 && allRunning(listed));
    expect(pods.map((pod) => `${pod.app} ${pod.version}`).sort()).toEqual([
      "voting-analytics 1.0",
      "voting-app 1.0",
      "voting-app 1.0",
      "voting-app 1.0",
      "voting-storage 1.0",
    ]);
    expect((await loop(url, 3)).map((page) => page.results)).toEqual(
      Array(3).fill('<div id="results"> Cats: 0 | Dogs: 0 </div>'),
    );
    for (const choice of ["Cats", "Cats", "Dogs", "Dogs", "Dogs", "Dogs"]) await vote(url, choice);
    const pages = await loop(url, 5);
    expect(pages.map((page) => page.results)).toEqual(Array(5).fill(TEXT_1_0));
    expect(new Set(pages.map((page) => page.store))).toEqual(new Set(["redis"]));
  });

  it("when the app runs three replicas, then a loop shows three pod names in the footer", async () => {
    const hosts = new Set((await loop(url, 6)).map((page) => page.host));
    const appPods = (await getPods(control))
      .filter((pod) => pod.app === "voting-app")
      .map((pod) => pod.name);
    expect([...hosts].sort()).toEqual(appPods.sort());
    expect(hosts.size).toBe(3);
  });

  it("when the command line's own entry point is run, then it prints the pods and exits 0", async () => {
    const entry = join(REPO_ROOT, "tools/playground/dist/kubectl-main.js");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [entry, "get", "pods", "-l", "app=voting-app"],
      {
        env: { ...process.env, PLAYGROUND_CONTROL_PORT: String(control) },
        timeout: 10_000,
      },
    );
    expect(stdout.split("\n")[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+APP\s+VERSION\s+ADDRESS$/,
    );
    expect(stdout.match(/voting-app-1-0-\S+\s+2\/2\s+Running/g)).toHaveLength(3);
  });

  it("when analytics 1.1 is deployed beside 1.0 with no rule, then the loop shows both texts", async () => {
    expect(
      (await run("apply", "-f", "k8s/step-2-update-voting-analytics-to-1.1.yaml", "-n", "voting"))
        .stdout,
    ).toEqual(["deployment.apps/voting-analytics-1-1 created"]);
    await waitForPods(control, (pods) => pods.length === 6 && allRunning(pods));
    const texts = (await loop(url, 12)).map((page) => page.results);
    expect(new Set(texts)).toEqual(new Set([TEXT_1_0, TEXT_1_1]));
  });

  it("when Istio step 2 pins every component, then the loop shows only the 1.1 text", async () => {
    const applied = await run(
      "apply",
      "-f",
      "istio/step-2-update-and-add-routing-for-all-components.yaml",
      "-n",
      "voting",
    );
    expect(applied.stdout).toContain("virtualservice.networking.istio.io/voting-app configured");
    expect(applied.stdout).toContain("virtualservice.networking.istio.io/voting-storage created");
    expect((await loop(url, 8)).map((page) => page.results)).toEqual(Array(8).fill(TEXT_1_1));
  });

  it("when step 3 is applied, then the feature flag leads to app 2.0 on MySQL and votes stay on their side", async () => {
    const routes = await run(
      "apply",
      "-f",
      "istio/step-3-add-routing-for-2.0-components.yaml",
      "-n",
      "voting",
    );
    expect(routes.stdout).toHaveLength(6);
    // The canary's route exists before its pods: a flagged user gets Envoy's answer meanwhile.
    expect((await loop(url, 1, FLAG))[0]?.status).toBe(503);
    const created = await run(
      "apply",
      "-f",
      "k8s/step-3-update-voting-app-with-new-storage.yaml",
      "-n",
      "voting",
    );
    expect(created.stdout).toEqual([
      "service/voting-storage configured",
      "secret/voting-storage-secret created",
      "deployment.apps/voting-storage-2-0 created",
      "persistentvolumeclaim/mysql-pv-claim created",
      "deployment.apps/voting-analytics-2-0 created",
      "deployment.apps/voting-app-2-0 created",
    ]);
    await waitForPods(control, (pods) => pods.length === 11 && allRunning(pods));

    const flagged = await loop(url, 4, `theme=dark; ${FLAG}`);
    expect(flagged.map((page) => [page.appVersion, page.store, page.results])).toEqual(
      Array(4).fill(["2.0", "mysql", '<div id="results"> Cats: 0/0 (0%) | Dogs: 0/0 (0%) </div>']),
    );
    const plain = await loop(url, 4);
    expect(plain.map((page) => [page.appVersion, page.store, page.results])).toEqual(
      Array(4).fill(["1.0", "redis", TEXT_1_1]),
    );

    await vote(url, "Dogs", FLAG);
    expect((await loop(url, 1, FLAG))[0]?.results).toBe(
      '<div id="results"> Cats: 0/1 (0%) | Dogs: 1/1 (100%) </div>',
    );
    expect((await loop(url, 1))[0]?.results).toBe(TEXT_1_1);
    await vote(url, "Cats");
    expect((await loop(url, 1))[0]?.results).toBe(
      '<div id="results"> Cats: 3/7 (43%) | Dogs: 4/7 (57%) </div>',
    );
    expect((await loop(url, 1, FLAG))[0]?.results).toBe(
      '<div id="results"> Cats: 0/1 (0%) | Dogs: 1/1 (100%) </div>',
    );
  });

  it("when a person sets the flag with the footer toggle in Chromium, then the 2.0 page is served", async () => {
    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    const footer = page.locator("footer[data-app-version]");
    await page.goto(url);
    expect(await footer.getAttribute("data-app-version")).toBe("1.0");
    await page.getByRole("button", { name: "Set feature flag" }).click();
    await expect.poll(() => footer.getAttribute("data-app-version")).toBe("2.0");
    expect((await page.locator("#results").textContent())?.trim()).toBe(
      "Cats: 0/1 (0%) | Dogs: 1/1 (100%)",
    );
    await page.getByRole("button", { name: "Clear feature flag" }).click();
    await expect.poll(() => footer.getAttribute("data-app-version")).toBe("1.0");
  });

  it("when the rollout is finalized, then everyone sees 2.0 and the 1.x deployments are gone", async () => {
    expect(
      (await run("apply", "-f", "istio/step-4-route-all-users-to-2.0.yaml", "-n", "voting")).code,
    ).toBe(0);
    expect(
      (await run("delete", "deployment.apps", "-l", "version in (1.0,1.1)", "-n", "voting")).stdout,
    ).toEqual([
      'deployment.apps "voting-analytics-1-0" deleted from voting namespace',
      'deployment.apps "voting-analytics-1-1" deleted from voting namespace',
      'deployment.apps "voting-app-1-0" deleted from voting namespace',
      'deployment.apps "voting-storage-1-0" deleted from voting namespace',
    ]);
    expect(
      (await run("apply", "-f", "k8s/step-4-remove-redis-port.yaml", "-n", "voting")).stdout,
    ).toEqual(["service/voting-storage configured"]);
    const pages = await loop(url, 5);
    expect(pages.map((page) => [page.appVersion, page.results])).toEqual(
      Array(5).fill(["2.0", '<div id="results"> Cats: 0/1 (0%) | Dogs: 1/1 (100%) </div>']),
    );
    await expectOnly20PodsLeft(control);
    expect(
      (await run("get", "deployments")).stdout.slice(1).map((line) => line.split(/\s+/)[0]),
    ).toEqual(["voting-analytics-2-0", "voting-app-2-0", "voting-storage-2-0"]);
  });

  it("when a file holds a kind the playground does not serve, then kubectl refuses it by name and applies nothing", async () => {
    const refused = await run(
      "apply",
      "-f",
      "istio/extras/authorization/authorization-policies.yaml",
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr[0]).toMatch(/AuthorizationPolicy/);
    expect((await run("get", "authorizationpolicies")).stderr[0]).toContain(
      'doesn\'t have a resource type "authorizationpolicies"',
    );
  });
});
