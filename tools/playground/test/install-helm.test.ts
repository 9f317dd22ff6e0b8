import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO_ROOT, TUTORIAL_WALKS } from "@voting/manifests";
import { describe, expect, it } from "vitest";
import {
  allRunning,
  EMPTY_1_0,
  expectStep2ShowsOnly11,
  expectStep3SplitsByCookie,
  kubectl,
  loop,
  usePlayground,
  versions,
  waitForPods,
} from "./walk-helpers.js";

// The tutorial on upstream Istio installed with Helm: the ingress gateway's pods are
// `istio: ingress`, so step 1 needs istio/ingress/helm.yaml to bind the Gateway to them.
const WALK = TUTORIAL_WALKS.helm;
const started = usePlayground(["--empty", "--install", "helm"], "pg_helm");
const run = (...argv: string[]) => kubectl(started().kubeconfig, ...argv);

describe("the tutorial on Istio installed with Helm", () => {
  it("when step 1 is applied without helm.yaml, then the ingress answers 404; with it, app 1.0 answers", async () => {
    await run("create", "namespace", "voting");
    expect((await run("label", "namespace", "voting", "istio-injection=enabled")).stdout).toEqual([
      "namespace/voting labeled",
    ]);
    const [k8s, istio, ingress] = WALK.filter((action) => action.step === 1);
    expect(ingress).toEqual({ step: 1, apply: "istio/ingress/helm.yaml" });
    for (const action of [k8s, istio]) {
      if (action && "apply" in action) await run("apply", "-f", action.apply, "-n", "voting");
    }
    await waitForPods(started().kubeconfig, (pods) => pods.length === 5 && allRunning(pods));
    expect((await loop(started().url, 2)).map((page) => page.status)).toEqual([404, 404]);
    await run("apply", "-f", "istio/ingress/helm.yaml", "-n", "voting");
    expect(versions(await loop(started().url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_0]));
    // The tutorial's address script finds the chart's gateway Service, istio-ingress/istio-ingress.
    const { stdout } = await promisify(execFile)("scripts/ingress-ip.sh", ["--verbose"], {
      cwd: REPO_ROOT,
      env: { ...process.env, KUBECONFIG: started().kubeconfig },
    });
    expect(`http://${stdout.trim()}/`).toBe(started().url);
  }, 60_000);

  it("when step 2 is applied, then the loop shows only the 1.1 text", async () => {
    await expectStep2ShowsOnly11(started(), WALK);
  }, 60_000);

  it("when step 3 is applied, then the cookie featureflag=on gets app 2.0 and no cookie gets 1.0", async () => {
    await expectStep3SplitsByCookie(started(), WALK, "theme=dark; featureflag=on");
  }, 60_000);
});
