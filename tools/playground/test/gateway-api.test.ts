import { TUTORIAL_WALKS } from "@voting/manifests";
import { describe, expect, it } from "vitest";
import {
  allRunning,
  EMPTY_1_0,
  EMPTY_1_1,
  expectOnly20PodsLeft,
  expectStep2ShowsOnly11,
  expectStep3SplitsByCookie,
  kubectl,
  loop,
  usePlayground,
  versions,
  waitForPods,
  walkStep,
} from "./walk-helpers.js";

// The tutorial with the Kubernetes Gateway API at the ingress (a Gateway and HTTPRoutes), on
// the AKS add-on: the start-up walk creates and labels the namespace and applies step 1 by itself.
const WALK = TUTORIAL_WALKS["gateway-api"];
const started = usePlayground(["--install", "aks-addon", "--gateway-api"], "pg_gwapi");
const run = (...argv: string[]) => kubectl(started().kubeconfig, ...argv);

describe("the tutorial with the Gateway API", () => {
  it("when npm start is given --install aks-addon --gateway-api, then it creates and labels the namespace with kubectl, applies the Gateway API's step 1 and app 1.0 answers", async () => {
    await expect
      .poll(() => started().output.join("\n"), { timeout: 15_000 })
      .toContain("Applied the tutorial up to step 1 (aks-addon, Gateway API).");
    const commands = started().output.filter((line) => line.startsWith("$ "));
    expect(commands).toEqual([
      "$ kubectl create namespace voting",
      "$ kubectl label namespace voting istio.io/rev=asm-1-28",
      "$ kubectl apply -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ kubectl apply -f gateway-api/step-1-create-voting-app-gateway.yaml --namespace voting",
    ]);
    expect(started().output).toContain(
      "playground | Istio install: aks-addon (the AKS Istio add-on, revision asm-1-28, external ingress gateway).",
    );
    await waitForPods(started().kubeconfig, (pods) => pods.length === 5 && allRunning(pods));
    expect(versions(await loop(started().url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_0]));
    expect((await run("get", "httproutes")).stdout[1]).toMatch(/^voting-app\s/);
  }, 60_000);

  it("when step 2 is applied, then the loop shows only the 1.1 text", async () => {
    await expectStep2ShowsOnly11(started(), WALK);
  }, 60_000);

  it("when step 3 is applied, then the HTTPRoute sends the cookie featureflag=on to app 2.0 and no cookie to 1.0", async () => {
    await expectStep3SplitsByCookie(started(), WALK);
    // The regex wants the whole cookie: a look-alike is not the flag.
    expect(versions(await loop(started().url, 4, "featureflag=onion"))).toEqual(
      Array(4).fill([200, "1.0", EMPTY_1_1]),
    );
  }, 60_000);

  it("when step 4 is applied, then everyone gets app 2.0", async () => {
    await walkStep(started().kubeconfig, WALK, 4);
    expect(versions(await loop(started().url, 5))).toEqual(Array(5).fill([200, "2.0", EMPTY_1_1]));
    await expectOnly20PodsLeft(started().kubeconfig);
  }, 60_000);
});
