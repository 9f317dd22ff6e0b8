import { TUTORIAL_WALKS } from "@voting/manifests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allRunning,
  EMPTY_1_0,
  EMPTY_1_1,
  kubectl,
  loop,
  type PlaygroundProcess,
  startPlaygroundProcess,
  versions,
  waitForPods,
  walkStep,
} from "./walk-helpers.js";

// The tutorial on upstream Istio installed with Helm: the ingress gateway's pods are
// `istio: ingress`, so step 1 needs istio/ingress/helm.yaml to bind the Gateway to them.
const WALK = TUTORIAL_WALKS.helm;
let playground: PlaygroundProcess;
const run = (...argv: string[]) => kubectl(playground.control, ...argv);

beforeAll(async () => {
  playground = await startPlaygroundProcess(["--empty", "--install", "helm"], "pg_helm");
});

afterAll(async () => {
  await playground?.stop();
}, 30_000);

describe("the tutorial on Istio installed with Helm", () => {
  it("when step 1 is applied without helm.yaml, then the ingress answers 404; with it, app 1.0 answers", async () => {
    expect((await run("label", "namespace", "voting", "istio-injection=enabled")).stdout).toEqual([
      "namespace/voting labeled",
    ]);
    const [k8s, istio, ingress] = WALK.filter((action) => action.step === 1);
    expect(ingress).toEqual({ step: 1, apply: "istio/ingress/helm.yaml" });
    for (const action of [k8s, istio]) {
      if (action && "apply" in action) await run("apply", "-f", action.apply, "-n", "voting");
    }
    await waitForPods(playground.control, (pods) => pods.length === 5 && allRunning(pods));
    expect((await loop(playground.url, 2)).map((page) => page.status)).toEqual([404, 404]);
    await run("apply", "-f", "istio/ingress/helm.yaml", "-n", "voting");
    expect(versions(await loop(playground.url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_0]));
  }, 60_000);

  it("when step 2 is applied, then the loop shows only the 1.1 text", async () => {
    await walkStep(playground.control, WALK, 2);
    await waitForPods(playground.control, (pods) => pods.length === 6 && allRunning(pods));
    const pages = await loop(playground.url, 8);
    expect(pages.map((page) => [page.analyticsVersion, page.results])).toEqual(
      Array(8).fill(["1.1", EMPTY_1_1]),
    );
  }, 60_000);

  it("when step 3 is applied, then the cookie featureflag=on gets app 2.0 and no cookie gets 1.0", async () => {
    await walkStep(playground.control, WALK, 3);
    await waitForPods(playground.control, (pods) => pods.length === 11 && allRunning(pods));
    expect(versions(await loop(playground.url, 4, "theme=dark; featureflag=on"))).toEqual(
      Array(4).fill([200, "2.0", EMPTY_1_1]),
    );
    expect(versions(await loop(playground.url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_1]));
  }, 60_000);
});
