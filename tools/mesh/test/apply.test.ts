import { describe, expect, it } from "vitest";
import {
  type AppliedResources,
  applyResources,
  deleteNamed,
  deleteResources,
  type KubeObject,
  kubectlKind,
} from "../src/index.js";

const deployment = (name: string, version: string, replicas = 1): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, labels: { app: "api", version } },
  spec: { replicas },
});
const empty: AppliedResources = new Map();

describe("applyResources", () => {
  it("when an object is new, then it is created; applied again unchanged; changed, configured", () => {
    const first = applyResources(empty, [deployment("api-1", "1")], "shop");
    expect(first.lines).toEqual(["deployment.apps/api-1 created"]);
    const again = applyResources(first.applied, [deployment("api-1", "1")], "shop");
    expect(again.lines).toEqual(["deployment.apps/api-1 unchanged"]);
    const changed = applyResources(again.applied, [deployment("api-1", "1", 3)], "shop");
    expect(changed.lines).toEqual(["deployment.apps/api-1 configured"]);
  });

  it("when objects are applied, then the given set is left as it was", () => {
    applyResources(empty, [deployment("api-1", "1")], "shop");
    expect(empty.size).toBe(0);
  });

  it("when an object names another namespace than the command, then it is refused as kubectl does", () => {
    const elsewhere = {
      ...deployment("api-1", "1"),
      metadata: { name: "api-1", namespace: "other" },
    };
    expect(() => applyResources(empty, [elsewhere], "shop")).toThrow(
      'does not match the namespace "shop"',
    );
  });

  it("when keys are in another order, then the object is unchanged", () => {
    const a: KubeObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { a: 1, b: 2 },
    };
    const b: KubeObject = {
      kind: "Service",
      apiVersion: "v1",
      metadata: { name: "s" },
      spec: { b: 2, a: 1 },
    };
    expect(applyResources(applyResources(empty, [a], "shop").applied, [b], "shop").lines).toEqual([
      "service/s unchanged",
    ]);
  });

  it("when kinds come from the core group or another, then kubectl's kind names are used", () => {
    expect(kubectlKind({ apiVersion: "v1", kind: "PersistentVolumeClaim" })).toBe(
      "persistentvolumeclaim",
    );
    expect(kubectlKind({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication" })).toBe(
      "peerauthentication.security.istio.io",
    );
  });
});

describe("deleteResources", () => {
  it("when deleting by selector, then the matching objects go, sorted by name, and the rest stay", () => {
    const { applied } = applyResources(
      empty,
      [deployment("b-1", "1.1"), deployment("a-1", "1.0"), deployment("c-2", "2.0")],
      "shop",
    );
    const result = deleteResources(applied, "deployment.apps", "version in (1.0,1.1)", "shop");
    expect(result.lines).toEqual([
      'deployment.apps "a-1" deleted from shop namespace',
      'deployment.apps "b-1" deleted from shop namespace',
    ]);
    expect([...result.applied.values()].map((object) => object.metadata.name)).toEqual(["c-2"]);
  });

  it("when the kind is given without its group, then it still matches", () => {
    const { applied } = applyResources(empty, [deployment("a-1", "1.0")], "shop");
    expect(deleteResources(applied, "deployment", "version=1.0", "shop").lines).toHaveLength(1);
  });
});

describe("deleteNamed", () => {
  it("when objects are named, then they go in the order given and unknown names are reported", () => {
    const { applied } = applyResources(
      empty,
      [deployment("a-1", "1.0"), deployment("b-1", "1.1")],
      "shop",
    );
    const result = deleteNamed(
      applied,
      [
        { kind: "deployment", name: "b-1" },
        { kind: "deployment.apps", name: "zz" },
      ],
      "shop",
    );
    expect(result.lines).toEqual(['deployment.apps "b-1" deleted from shop namespace']);
    expect(result.notFound).toEqual([{ kind: "deployment.apps", name: "zz" }]);
    expect([...result.applied.values()].map((object) => object.metadata.name)).toEqual(["a-1"]);
  });
});
