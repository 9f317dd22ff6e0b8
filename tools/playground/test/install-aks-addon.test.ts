import { TUTORIAL_WALKS } from "@voting/manifests";
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

// The tutorial on the AKS Istio add-on: sidecars only where the namespace names the revision,
// and an ingress gateway that only a Gateway with the add-on's selector binds to.
const WALK = TUTORIAL_WALKS["aks-addon"];
const started = usePlayground(["--empty", "--install", "aks-addon"], "pg_aks");
const run = (...argv: string[]) => kubectl(started().kubeconfig, ...argv);

describe("the tutorial on the AKS add-on", () => {
  it("when the namespace is labelled istio-injection=enabled, then the add-on ignores it: new pods are READY 1/1, a warning names istio.io/rev, and once step 2 asks for mutual TLS the ingress cannot reach them", async () => {
    expect((await run("create", "namespace", "voting")).stdout).toEqual([
      "namespace/voting created",
    ]);
    expect(await run("label", "namespace", "voting", "istio-injection=enabled")).toMatchObject({
      code: 0,
      stdout: ["namespace/voting labeled"],
    });
    await run("apply", "-f", "k8s/step-1-create-voting-app.yaml", "-n", "voting");
    await waitForPods(started().kubeconfig, (pods) => pods.length === 5 && allRunning(pods, "1/1"));
    expect(started().output.join("\n")).toMatch(
      /Warning: .*get no sidecar \(READY 1\/1\): namespace voting has istio-injection=enabled, which the AKS add-on ignores.*istio\.io\/rev=asm-1-28/,
    );
    // Pods without sidecars still serve plain traffic...
    await run("apply", "-f", "istio/step-1-create-voting-app-gateway.yaml", "-n", "voting");
    await run("apply", "-f", "istio/ingress/aks-addon.yaml", "-n", "voting");
    expect(versions(await loop(started().url, 2))).toEqual(Array(2).fill([200, "1.0", EMPTY_1_0]));
    // ...until step 2 asks for mutual TLS, which only a sidecar speaks.
    await run(
      "apply",
      "-f",
      "istio/step-2-update-and-add-routing-for-all-components.yaml",
      "-n",
      "voting",
    );
    expect((await loop(started().url, 2)).map((page) => page.status)).toEqual([503, 503]);
    // Clean up as the tutorial does: the namespace goes, and with it its labels.
    expect((await run("delete", "namespace", "voting")).stdout).toEqual([
      'namespace "voting" deleted',
    ]);
    await waitForPods(started().kubeconfig, (pods) => pods.length === 0, 20_000);
  }, 60_000);

  it("when the namespace is created again and labelled istio.io/rev=asm-1-28, then get --show-labels shows it and step 1's pods are READY 2/2", async () => {
    expect((await run("create", "namespace", "voting")).stdout).toEqual([
      "namespace/voting created",
    ]);
    expect((await run("get", "namespace", "voting", "--show-labels")).stdout[1]).toMatch(
      /\skubernetes\.io\/metadata\.name=voting$/,
    );
    expect((await run("label", "namespace", "voting", "istio.io/rev=asm-1-28")).stdout).toEqual([
      "namespace/voting labeled",
    ]);
    expect((await run("get", "namespace", "voting", "--show-labels")).stdout[1]).toMatch(
      /^voting\s+Active\s+\S+\s+istio\.io\/rev=asm-1-28,kubernetes\.io\/metadata\.name=voting$/,
    );
    await run("apply", "-f", "k8s/step-1-create-voting-app.yaml", "-n", "voting");
    await waitForPods(started().kubeconfig, (pods) => pods.length === 5 && allRunning(pods));
  }, 60_000);

  it("when only step 1's Istio file is applied, then its Gateway (istio: ingressgateway) binds to no ingress of the add-on: 404", async () => {
    await run("apply", "-f", "istio/step-1-create-voting-app-gateway.yaml", "-n", "voting");
    expect((await loop(started().url, 2)).map((page) => page.status)).toEqual([404, 404]);
  });

  it("when istio/ingress/aks-addon.yaml is applied, then the page answers from app 1.0", async () => {
    expect(
      (await run("apply", "-f", "istio/ingress/aks-addon.yaml", "-n", "voting")).stdout,
    ).toEqual(["gateway.networking.istio.io/voting-app-gateway configured"]);
    expect(versions(await loop(started().url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_0]));
  });

  it("when step 2 is applied, then the loop shows only the 1.1 text", async () => {
    await expectStep2ShowsOnly11(started(), WALK);
  }, 60_000);

  it("when step 3 is applied, then the cookie featureflag=on gets app 2.0 and no cookie gets 1.0", async () => {
    await expectStep3SplitsByCookie(started(), WALK);
  }, 60_000);
});
