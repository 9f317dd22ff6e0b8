import type { KubeObject } from "@voting/mesh";
import { describe, expect, it } from "vitest";
import { createImageCatalog } from "../src/images.js";
import { readConfig } from "../src/validate.js";
import { readWorkload } from "../src/workload.js";
import { deployment, service } from "./builders.js";

const image = createImageCatalog([
  "voting/voting-app:1.0",
  "voting/voting-storage:1.0",
  "voting/voting-storage:2.0",
]);
const read = (objects: KubeObject[]) => readConfig(objects, { namespace: "voting", image });

describe("what the playground refuses", () => {
  it("when a kind is not served, then the whole set is refused, naming the kind", () => {
    const policy = {
      apiVersion: "authentication.istio.io/v1alpha1",
      kind: "Policy",
      metadata: { name: "default" },
      spec: {},
    };
    expect(() => read([service("voting-app", [{ port: 8080 }]), policy])).toThrow(
      /kind Policy \(authentication\.istio\.io\/v1alpha1\) is not supported/,
    );
  });

  it("when a Deployment has a field the playground does not know, then it is refused with its path", () => {
    const withInit = deployment("voting-app-1-0", { spec: { paused: true } });
    expect(() => read([withInit])).toThrow(
      "Deployment voting-app-1-0: spec.paused is not supported by the playground",
    );
    const withLifecycle = deployment("voting-app-1-0", {
      container: { lifecycle: { preStop: {} } },
    });
    expect(() => read([withLifecycle])).toThrow(
      "spec.template.spec.containers[0].lifecycle is not supported by the playground",
    );
  });

  it("when a field has no effect on one machine, then it is accepted (probes, resources, security)", () => {
    const hardened = deployment("voting-app-1-0", {
      container: {
        resources: { limits: { cpu: "1" } },
        readinessProbe: { httpGet: { path: "/readyz" } },
        securityContext: {},
      },
    });
    expect(read([hardened]).workloads.map((workload) => workload.name)).toEqual(["voting-app-1-0"]);
  });

  it("when an env value is a number, then it is refused as the API server refuses it", () => {
    const unquoted = deployment("voting-app-1-0", {
      env: [{ name: "PORT", value: 8080 as unknown as string }],
    });
    expect(() => read([unquoted])).toThrow("env[0].value of PORT must be a string (quote it)");
  });

  it("when the selector does not select the template's labels, then it is refused", () => {
    const mismatched = deployment("voting-app-1-0", {
      spec: { selector: { matchLabels: { app: "other" } } },
    });
    expect(() => read([mismatched])).toThrow("spec.selector does not match the template labels");
  });

  it("when a pod has two containers, then it is refused: the sidecar is the playground's", () => {
    const two = deployment("voting-app-1-0");
    const template = (two.spec as { template: { spec: { containers: unknown[] } } }).template;
    template.spec.containers.push({ name: "other", image: "voting/voting-app:1.0" });
    expect(() => read([two])).toThrow("must hold exactly one container");
  });

  it("when a service image is given args, then it is refused; a storage image may take them", () => {
    const app = deployment("voting-app-1-0", { container: { args: ["--inspect"] } });
    expect(() => read([app])).toThrow("args is not supported for voting/voting-app:1.0");
    const mysql = deployment("voting-storage-2-0", {
      image: "voting/voting-storage:2.0",
      container: { args: ["--datadir=/x"] },
    });
    expect(read([mysql]).workloads).toHaveLength(1);
  });

  it("when a Namespace other than voting is applied, then it is refused", () => {
    const other = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
    expect(() => read([other])).toThrow("the playground serves only namespace voting");
  });

  it("when the tutorial is walked, then nothing it applies at any step is refused", async () => {
    const { loadManifest, runWalk } = await import("@voting/manifests");
    for (const state of runWalk(loadManifest))
      expect(() => read([...state.applied.values()])).not.toThrow();
  });
});

describe("images", () => {
  it("when an image is one the project builds, then it runs as its service or store, registry prefix or not", () => {
    expect(image("voting/voting-app:1.0")).toEqual({
      ok: true,
      role: { kind: "service", service: "voting-app", version: "1.0" },
    });
    expect(image("myacr.azurecr.io/voting/voting-storage:2.0")).toEqual({
      ok: true,
      role: { kind: "store", store: "mysql", version: "2.0" },
    });
  });

  it("when an image is not built by the project, then it cannot be pulled", () => {
    expect(image("voting/voting-app:3.0")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("scripts/images.txt"),
    });
    expect(image("redis:7")).toMatchObject({ ok: false });
  });

  it("when a Deployment's template changes, then its hash does; replicas alone do not", () => {
    const one = readWorkload(deployment("voting-app-1-0"), image);
    const scaled = readWorkload(deployment("voting-app-1-0", { replicas: 3 }), image);
    const changed = readWorkload(
      deployment("voting-app-1-0", { env: [{ name: "TITLE", value: "x" }] }),
      image,
    );
    expect(scaled.templateHash).toBe(one.templateHash);
    expect(changed.templateHash).not.toBe(one.templateHash);
  });
});
