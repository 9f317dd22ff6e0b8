import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO_ROOT } from "@voting/manifests";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "@voting/devstack/browser";
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

// The tutorial, typed with the real kubectl exactly as docs/tutorial.md prints each command,
// against a playground on free ports with a private Redis and a throw-away MySQL database,
// checking what kubectl prints and what the tutorial's loop shows after each step.
const TEXT_1_0 = '<div id="results"> Cats: 2 | Dogs: 4 </div>';
const TEXT_1_1 = '<div id="results"> Cats: 2/6 (33%) | Dogs: 4/6 (67%) </div>';
const FLAG = "featureflag=on";
const STEP_1 = [
  "deployment.apps/voting-storage-1-0",
  "service/voting-storage",
  "deployment.apps/voting-analytics-1-0",
  "service/voting-analytics",
  "deployment.apps/voting-app-1-0",
  "service/voting-app",
];

let playground: PlaygroundProcess;
let url: string;
let browser: Browser | undefined;
/** One command of the tutorial, as typed: `kubectl` and its arguments, split as bash splits them. */
const run = (...argv: string[]) => kubectl(playground.kubeconfig, ...argv);

beforeAll(async () => {
  playground = await startPlaygroundProcess(["--empty"]);
});

afterAll(async () => {
  await browser?.close();
  // SIGTERM: the playground stops its pods, each within its grace period, and takes back the
  // MySQL rights it granted.
  await playground?.stop();
}, 30_000);

describe("the tutorial on one machine, with the real kubectl", () => {
  it("when the namespace is created and labelled and step 1's Kubernetes file applied, then kubectl prints what a cluster makes it print", async () => {
    expect(await run("create", "namespace", "voting")).toEqual({
      code: 0,
      stdout: ["namespace/voting created"],
      stderr: [],
    });
    expect(await run("label", "namespace", "voting", "istio-injection=enabled")).toEqual({
      code: 0,
      stdout: ["namespace/voting labeled"],
      stderr: [],
    });
    const file = ["apply", "-f", "k8s/step-1-create-voting-app.yaml", "--namespace", "voting"];
    expect(await run(...file)).toEqual({
      code: 0,
      stdout: STEP_1.map((object) => `${object} created`),
      stderr: [],
    });
    // Applied again, nothing changes: kubectl's three-way patch is empty and it says so.
    expect((await run(...file)).stdout).toEqual(STEP_1.map((object) => `${object} unchanged`));
    // With no Gateway, the ingress gateway routes nothing.
    expect((await fetch(playground.url)).status).toBe(404);
  });

  it("when the Gateway is applied, then the pods show 2/2 with their labels and the address of scripts/ingress-ip.sh serves app 1.0", async () => {
    const applied = await run(
      "apply",
      "-f",
      "istio/step-1-create-voting-app-gateway.yaml",
      "--namespace",
      "voting",
    );
    expect(applied.stdout).toEqual([
      "virtualservice.networking.istio.io/voting-app created",
      "gateway.networking.istio.io/voting-app-gateway created",
    ]);
    await waitForPods(playground.kubeconfig, (listed) => listed.length === 5 && allRunning(listed));
    const listed = await run("get", "pods", "--namespace", "voting", "--show-labels");
    expect(listed.stdout[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS$/);
    expect(
      listed.stdout
        .slice(1)
        .map((line) => line.split(/\s+/).at(-1))
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^app=voting-app,pod-template-hash=\w+,version=1\.0$/),
        expect.stringMatching(/^app=voting-storage,pod-template-hash=\w+,version=1\.0$/),
      ]),
    );

    const { stdout: address } = await promisify(execFile)("scripts/ingress-ip.sh", [], {
      cwd: REPO_ROOT,
      env: { ...process.env, KUBECONFIG: playground.kubeconfig },
    });
    url = `http://${address.trim()}/`;
    expect(url).toBe(playground.url);
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
    const appPods = (await getPods(playground.kubeconfig))
      .filter((pod) => pod.app === "voting-app")
      .map((pod) => pod.name);
    expect([...hosts].sort()).toEqual(appPods.sort());
    expect(hosts.size).toBe(3);
  });

  it("when analytics 1.1 is deployed beside 1.0 with no rule, then the loop shows both texts", async () => {
    expect(
      (
        await run(
          "apply",
          "-f",
          "k8s/step-2-update-voting-analytics-to-1.1.yaml",
          "--namespace",
          "voting",
        )
      ).stdout,
    ).toEqual(["deployment.apps/voting-analytics-1-1 created"]);
    await waitForPods(playground.kubeconfig, (pods) => pods.length === 6 && allRunning(pods));
    const texts = (await loop(url, 12)).map((page) => page.results);
    expect(new Set(texts)).toEqual(new Set([TEXT_1_0, TEXT_1_1]));
  });

  it("when Istio step 2 pins every component, then kubectl configures and creates its objects and the loop shows only the 1.1 text", async () => {
    const applied = await run(
      "apply",
      "-f",
      "istio/step-2-update-and-add-routing-for-all-components.yaml",
      "--namespace",
      "voting",
    );
    expect(applied.stdout).toEqual([
      "virtualservice.networking.istio.io/voting-app configured",
      "peerauthentication.security.istio.io/default created",
      "destinationrule.networking.istio.io/voting-app created",
      "destinationrule.networking.istio.io/voting-analytics created",
      "virtualservice.networking.istio.io/voting-analytics created",
      "destinationrule.networking.istio.io/voting-storage created",
      "virtualservice.networking.istio.io/voting-storage created",
    ]);
    expect((await loop(url, 8)).map((page) => page.results)).toEqual(Array(8).fill(TEXT_1_1));
    const policies = await run("get", "peerauthentication", "--namespace", "voting");
    expect(policies.stdout[1]).toMatch(/^default\s+STRICT\s+\d+s$/);
  });

  it("when step 3 is applied, then the feature flag leads to app 2.0 on MySQL and votes stay on their side", async () => {
    const routes = await run(
      "apply",
      "-f",
      "istio/step-3-add-routing-for-2.0-components.yaml",
      "--namespace",
      "voting",
    );
    expect(routes.stdout).toHaveLength(6);
    expect(routes.stdout.every((line) => line.endsWith(" configured"))).toBe(true);
    // The canary's route exists before its pods: a flagged user gets Envoy's answer meanwhile.
    expect((await loop(url, 1, FLAG))[0]?.status).toBe(503);
    const created = await run(
      "apply",
      "-f",
      "k8s/step-3-update-voting-app-with-new-storage.yaml",
      "--namespace",
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
    await waitForPods(playground.kubeconfig, (pods) => pods.length === 11 && allRunning(pods));

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

  it("when the rollout is finalized, then the 1.x deployments go by selector and everyone sees 2.0", async () => {
    const routed = await run(
      "apply",
      "-f",
      "istio/step-4-route-all-users-to-2.0.yaml",
      "--namespace",
      "voting",
    );
    expect(routed.code).toBe(0);
    const deleted = await run(
      "delete",
      "deployment",
      "--selector",
      "version in (1.0,1.1)",
      "--namespace",
      "voting",
    );
    // kubectl 1.33 and later add " from voting namespace" (docs/tutorial.md).
    expect(deleted.stdout.map((line) => line.replace(/ from voting namespace$/, ""))).toEqual([
      'deployment.apps "voting-analytics-1-0" deleted',
      'deployment.apps "voting-analytics-1-1" deleted',
      'deployment.apps "voting-app-1-0" deleted',
      'deployment.apps "voting-storage-1-0" deleted',
    ]);
    expect(
      (await run("apply", "-f", "k8s/step-4-remove-redis-port.yaml", "--namespace", "voting"))
        .stdout,
    ).toEqual(["service/voting-storage configured"]);
    const pages = await loop(url, 5);
    expect(pages.map((page) => [page.appVersion, page.results])).toEqual(
      Array(5).fill(["2.0", '<div id="results"> Cats: 0/1 (0%) | Dogs: 1/1 (100%) </div>']),
    );
    await expectOnly20PodsLeft(playground.kubeconfig);
    expect((await run("get", "deployments", "-o", "name")).stdout).toEqual([
      "deployment.apps/voting-analytics-2-0",
      "deployment.apps/voting-app-2-0",
      "deployment.apps/voting-storage-2-0",
    ]);
  });

  it("when a file holds a kind the playground does not serve, then kubectl reports it and nothing changes", async () => {
    const before = await run("get", "all", "--namespace", "voting", "-o", "name");
    const refused = await run(
      "apply",
      "-f",
      "istio/extras/authorization/authorization-policies.yaml",
      "--namespace",
      "voting",
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.join("\n")).toContain("the playground has no schema for this kind");
    expect((await run("get", "authorizationpolicies")).stderr).toEqual([
      'error: the server doesn\'t have a resource type "authorizationpolicies"',
    ]);
    expect((await run("get", "all", "--namespace", "voting", "-o", "name")).stdout).toEqual(
      before.stdout,
    );
  });

  it("when the namespace is deleted, then everything in it goes and the ingress routes nothing", async () => {
    expect(await run("delete", "namespace", "voting")).toMatchObject({
      code: 0,
      stdout: ['namespace "voting" deleted'],
    });
    expect((await run("get", "pods", "--namespace", "voting")).stderr).toEqual([
      "No resources found in voting namespace.",
    ]);
    expect((await fetch(url)).status).toBe(404);
  });
});
