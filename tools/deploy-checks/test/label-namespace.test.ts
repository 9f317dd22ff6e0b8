import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeTools, type FakeRule, type FakeTools } from "./support/fake-tools.js";
import { scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";
import {
  aksAddon,
  helmInstall,
  istioctlInstall,
  kubectlRules,
  noIstio,
  unreachableCluster,
  withNamespace,
  type StandInCluster,
} from "./support/stand-in-cluster.js";

const script = path.join(scriptsDir, "label-namespace.sh");

// Each run calls the stand-in a few times: allow for a busy machine.
describe("scripts/label-namespace.sh with a stand-in kubectl", { timeout: 30_000 }, () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  function standIn(cluster: StandInCluster | FakeRule[]): FakeTools {
    fakes = installFakeTools({
      kubectl: Array.isArray(cluster) ? cluster : kubectlRules(cluster),
    });
    return fakes;
  }

  /** The `kubectl label` calls made, without the leading "kubectl". */
  const labelCalls = (tools: FakeTools) =>
    tools
      .calls()
      .filter((call) => call[1] === "label")
      .map((call) => call.slice(1));

  it("when upstream Istio runs its default revision, then the namespace gets istio-injection=enabled", async () => {
    const tools = standIn(istioctlInstall());

    const result = await run(script, [], { env: tools.env });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "voting", "istio-injection=enabled", "--overwrite"],
    ]);
    expect(result.stdout).toBe(
      "label-namespace: found upstream Istio, default revision (istiod in istio-system): " +
        "labelling namespace voting istio-injection=enabled\nnamespace/voting labeled\n",
    );
  });

  it("when the namespace carries a revision from before, then istio-injection=enabled replaces it in the same call", async () => {
    const tools = standIn(withNamespace(helmInstall(), "voting", { "istio.io/rev": "canary" }));

    const result = await run(script, [], { env: tools.env });

    expect(result.code).toBe(0);
    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "voting", "istio-injection=enabled", "istio.io/rev-", "--overwrite"],
    ]);
  });

  it("when upstream istiod is revisioned (Helm, revision 1-24), then the namespace gets istio.io/rev=1-24 and loses istio-injection", async () => {
    const tools = standIn(
      withNamespace(helmInstall({ revision: "1-24" }), "voting", { "istio-injection": "enabled" }),
    );

    const result = await run(script, [], { env: tools.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("found upstream Istio, revision 1-24 (istiod in istio-system)");
    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "voting", "istio.io/rev=1-24", "istio-injection-", "--overwrite"],
    ]);
  });

  it("when the AKS add-on runs one revision, then the namespace gets istio.io/rev=asm-1-28 and loses istio-injection", async () => {
    const tools = standIn(withNamespace(aksAddon(), "voting", { "istio-injection": "enabled" }));

    const result = await run(script, [], { env: tools.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "found the AKS Istio add-on, revision asm-1-28 (istiod in aks-istio-system)",
    );
    expect(result.stdout).toContain("namespace/voting labeled");
    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "voting", "istio.io/rev=asm-1-28", "istio-injection-", "--overwrite"],
    ]);
  });

  it("when the add-on's namespace has no istio-injection label, then only istio.io/rev is set", async () => {
    const tools = standIn(aksAddon());

    await run(script, [], { env: tools.env });

    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "voting", "istio.io/rev=asm-1-28", "--overwrite"],
    ]);
  });

  it("when the add-on runs two revisions (a canary upgrade), then it names both, asks for --revision and labels nothing", async () => {
    const tools = standIn(aksAddon({ revisions: ["asm-1-27", "asm-1-28"] }));

    const result = await run(script, [], { env: tools.env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("more than one revision: asm-1-27, asm-1-28");
    expect(result.stderr).toContain("--revision asm-1-28");
    expect(labelCalls(tools)).toEqual([]);
  });

  it("when the add-on runs two revisions and --revision names one, then that one is set", async () => {
    const tools = standIn(aksAddon({ revisions: ["asm-1-27", "asm-1-28"] }));

    const result = await run(script, ["--revision", "asm-1-27"], { env: tools.env });

    expect(result.code).toBe(0);
    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "voting", "istio.io/rev=asm-1-27", "--overwrite"],
    ]);
  });

  it("when --revision names a revision the cluster does not run, then it names those it runs and labels nothing", async () => {
    const tools = standIn(aksAddon());

    const result = await run(script, ["--revision", "default"], { env: tools.env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "no istiod of revision default in aks-istio-system; it has: asm-1-28",
    );
    expect(labelCalls(tools)).toEqual([]);
  });

  it("when another namespace is named, then that one is read and labelled", async () => {
    const tools = standIn(withNamespace(istioctlInstall(), "shop", {}));

    const result = await run(script, ["--namespace", "shop"], { env: tools.env });

    expect(result.stdout).toContain("namespace/shop labeled");
    expect(labelCalls(tools)).toEqual([
      ["label", "namespace", "shop", "istio-injection=enabled", "--overwrite"],
    ]);
  });

  it("when the namespace does not exist, then it says how to create it and labels nothing", async () => {
    const tools = standIn(istioctlInstall());

    const result = await run(script, ["-n", "shop"], { env: tools.env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("namespace shop does not exist");
    expect(result.stderr).toContain("kubectl create namespace shop");
    expect(labelCalls(tools)).toEqual([]);
  });

  it("when no istiod runs in either Istio namespace, then it says no Istio was found", async () => {
    const tools = standIn(noIstio());

    const result = await run(script, [], { env: tools.env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "found no Istio: no istiod deployment in istio-system (upstream Istio) or",
    );
    expect(labelCalls(tools)).toEqual([]);
  });

  it("when kubectl cannot reach the cluster, then its own error is shown and nothing else is tried", async () => {
    const tools = standIn(unreachableCluster);

    const result = await run(script, [], { env: tools.env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The connection to the server localhost:8080 was refused");
    expect(tools.calls()).toHaveLength(1);
  });

  it("when it asks the cluster, then it uses nothing but kubectl get -o jsonpath and kubectl label", async () => {
    const tools = standIn(withNamespace(aksAddon(), "voting", { "istio-injection": "enabled" }));

    await run(script, [], { env: tools.env });

    const calls = tools.calls().map((call) => call.slice(1));
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const plainGet =
        call.includes("get") &&
        call.some((arg) => /^jsonpath=\{.+\}$/.test(arg)) &&
        call.at(-2) === "-o";
      expect(plainGet || call[0] === "label", call.join(" ")).toBe(true);
    }
  });

  it("when kubectl is not installed, then it says so and exits 2", async () => {
    const result = await run("/bin/bash", [script], {
      env: { ...process.env, PATH: "/nonexistent" },
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("kubectl is not installed");
  });
});
