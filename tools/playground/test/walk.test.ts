import { TUTORIAL_WALKS } from "@voting/manifests";
import { afterEach, describe, expect, it } from "vitest";
import { INSTALLS } from "../src/install.js";
import { walkTo, type WalkOptions } from "../src/launcher/walk.js";
import { startInProcessPlayground } from "./api-harness.js";

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** `npm start -- --at-step N`: the walk's kubectl commands against a playground in this process. */
async function resume(step: number, options: WalkOptions = {}) {
  const playground = await startInProcessPlayground();
  stop = playground.stop;
  const printed: string[] = [];
  await walkTo(
    step,
    {
      kubectl: async (argv) => {
        const result = await playground.run(...argv);
        return {
          code: result.code,
          stdout: result.stdout.join("\n"),
          stderr: result.stderr.join("\n"),
        };
      },
      print: (line) => printed.push(line),
    },
    options,
  );
  return { printed, playground };
}

describe("npm start --at-step N", () => {
  it("when resuming at step 2, then the namespace is created and labelled and steps 1 and 2 applied in the tutorial's order, each command shown as docs/tutorial.md prints it", async () => {
    const { printed } = await resume(2, { injectionLabel: INSTALLS.istioctl.injectionLabel });
    expect(printed.filter((line) => line.startsWith("$ "))).toEqual([
      "$ kubectl create namespace voting",
      "$ kubectl label namespace voting istio-injection=enabled",
      "$ kubectl apply -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ kubectl apply -f istio/step-1-create-voting-app-gateway.yaml --namespace voting",
      "$ kubectl apply -f k8s/step-2-update-voting-analytics-to-1.1.yaml --namespace voting",
      "$ kubectl apply -f istio/step-2-update-and-add-routing-for-all-components.yaml --namespace voting",
    ]);
    expect(printed.slice(0, 4)).toEqual([
      "$ kubectl create namespace voting",
      "namespace/voting created",
      "$ kubectl label namespace voting istio-injection=enabled",
      "namespace/voting labeled",
    ]);
  }, 30_000);

  it("when resuming at the last step, then the finalize delete runs by selector and only the 2.0 deployments are left", async () => {
    const { printed, playground } = await resume(4);
    expect(printed).toContain(
      "$ kubectl delete deployment --selector 'version in (1.0,1.1)' --namespace voting",
    );
    expect((await playground.run("get", "deployments", "-o", "name")).stdout).toEqual([
      "deployment.apps/voting-analytics-2-0",
      "deployment.apps/voting-app-2-0",
      "deployment.apps/voting-storage-2-0",
    ]);
  }, 30_000);

  it("when starting empty, then nothing is run or printed and no namespace exists", async () => {
    const { printed, playground } = await resume(0);
    expect(printed).toEqual([]);
    expect((await playground.run("get", "namespace", "voting")).stderr).toEqual([
      'Error from server (NotFound): namespaces "voting" not found',
    ]);
  });

  it("when the aks-addon walk starts, then the namespace gets the revision label and the add-on's Gateway follows step 1's Istio file", async () => {
    const { printed, playground } = await resume(1, {
      walk: TUTORIAL_WALKS["aks-addon"],
      injectionLabel: INSTALLS["aks-addon"].injectionLabel,
    });
    expect(printed.filter((line) => line.startsWith("$ "))).toEqual([
      "$ kubectl create namespace voting",
      "$ kubectl label namespace voting istio.io/rev=asm-1-28",
      "$ kubectl apply -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ kubectl apply -f istio/step-1-create-voting-app-gateway.yaml --namespace voting",
      "$ kubectl apply -f istio/ingress/aks-addon.yaml --namespace voting",
    ]);
    expect(printed).toContain("gateway.networking.istio.io/voting-app-gateway configured");
    const selector = await playground.run(
      "get",
      "gateways.networking.istio.io",
      "voting-app-gateway",
      "-o",
      "jsonpath={.spec.selector.istio}",
    );
    expect(selector.stdout).toEqual(["aks-istio-ingressgateway-external"]);
  }, 30_000);

  it("when the Gateway API walk reaches step 4, then its HTTPRoute exists and no Istio Gateway does", async () => {
    const { playground } = await resume(4, { walk: TUTORIAL_WALKS["gateway-api"] });
    expect((await playground.run("get", "httproutes", "-o", "name")).stdout).toEqual([
      "httproute.gateway.networking.k8s.io/voting-app",
    ]);
    expect((await playground.run("get", "gw")).stderr).toEqual([
      "No resources found in voting namespace.",
    ]);
    expect((await playground.run("get", "gtw", "-o", "name")).stdout).toEqual([
      "gateway.gateway.networking.k8s.io/voting-app-gateway",
    ]);
  }, 30_000);
});
