import type { KubeObject } from "@voting/mesh";
import { describe, expect, it } from "vitest";
import { createCommands } from "../src/commands/index.js";
import { createConfigState } from "../src/config-state.js";
import type { Controller } from "../src/controller.js";
import { createImageCatalog } from "../src/images.js";
import type { Command } from "../src/kubectl/command.js";
import type { Pod, PodView } from "../src/pods/pod.js";
import { createNamespaceState } from "../src/namespace-state.js";
import { readConfig } from "../src/validate.js";
import { deployment, service } from "./builders.js";

/** A controller with pods that are only views: the commands need nothing more of them. */
function fakeController(views: Partial<PodView>[] = []): Controller & { deleted: string[] } {
  const deleted: string[] = [];
  const pods = views.map(
    (view) =>
      ({
        name: view.name,
        labels: view.labels ?? {},
        terminating: false,
        ready: true,
        deployment: view.deployment ?? "",
        view: () => ({
          status: "Running",
          readyContainers: 2,
          containers: 2,
          restarts: 0,
          createdAt: 0,
          address: "127.0.0.1:1",
          ...view,
        }),
        logs: () => ["line 1", "line 2"],
      }) as unknown as Pod,
  );
  return {
    deleted,
    reconcile: () => {},
    pods: () => pods,
    deletePod: (name) =>
      pods.some((pod) => pod.name === name) ? (deleted.push(name), true) : false,
    stopAll: async () => {},
  };
}

function setUp(controller = fakeController()) {
  const config = createConfigState(
    () => {},
    () => 0,
  );
  const image = createImageCatalog(["voting/voting-app:1.0"]);
  const run = createCommands({
    namespace: "voting",
    config,
    controller,
    check: (objects) => void readConfig(objects, { namespace: "voting", image }),
    now: () => 65_000,
  });
  const apply = (...objects: KubeObject[]) =>
    run({ verb: "apply", namespace: "voting", sources: [{ file: "f.yaml", objects }] });
  return { config, run, apply, controller };
}

const names = (config: ReturnType<typeof createConfigState>) =>
  config.objects().map((object) => object.metadata.name);

describe("kubectl apply against the playground", () => {
  it("when objects are new, the same, or changed, then it prints created, unchanged, configured", () => {
    const { apply } = setUp();
    expect(
      apply(deployment("voting-app-1-0"), service("voting-app", [{ port: 8080 }])).stdout,
    ).toEqual(["deployment.apps/voting-app-1-0 created", "service/voting-app created"]);
    expect(apply(deployment("voting-app-1-0")).stdout).toEqual([
      "deployment.apps/voting-app-1-0 unchanged",
    ]);
    expect(apply(deployment("voting-app-1-0", { replicas: 3 })).stdout).toEqual([
      "deployment.apps/voting-app-1-0 configured",
    ]);
  });

  it("when one object of a command is refused, then nothing of it is applied and the error names it", () => {
    const { apply, config } = setUp();
    const output = apply(
      deployment("voting-app-1-0"),
      deployment("voting-app-2-0", { spec: { paused: true } }),
    );
    expect(output).toEqual({
      stdout: [],
      stderr: [
        "error: Deployment voting/voting-app-2-0: spec.paused is not supported by the playground",
      ],
      exitCode: 1,
    });
    expect(names(config)).toEqual([]);
  });

  it("when a kind is not served, then it is refused naming the object, its file and the kinds served", () => {
    const { apply } = setUp();
    const policy = {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "voting-app" },
    };
    expect(apply(policy).stderr).toEqual([
      'error: AuthorizationPolicy voting-app from "f.yaml": no matches for kind "AuthorizationPolicy" in version ' +
        '"security.istio.io/v1": the playground serves Deployment, Service, Secret, PersistentVolumeClaim, ConfigMap, ' +
        "ServiceAccount, Namespace, VirtualService, DestinationRule, Gateway, PeerAuthentication; from the Gateway API, Gateway, HTTPRoute",
    ]);
  });

  it("when an object names another namespace, then it is refused as kubectl refuses it", () => {
    const { apply } = setUp();
    const elsewhere = {
      ...service("x", [{ port: 1 }]),
      metadata: { name: "x", namespace: "default" },
    };
    expect(apply(elsewhere).stderr[0]).toContain('does not match the namespace "voting"');
  });
});

describe("kubectl delete against the playground", () => {
  it("when a type and names are given, then those go and a missing name is reported as NotFound", () => {
    const { apply, run, config } = setUp();
    apply(deployment("voting-app-1-0"), deployment("voting-app-2-0"));
    const output = run({
      verb: "delete",
      namespace: "voting",
      ignoreNotFound: false,
      target: { resource: "deploy", names: ["voting-app-1-0", "gone"] },
    });
    expect(output).toEqual({
      stdout: ['deployment.apps "voting-app-1-0" deleted from voting namespace'],
      stderr: ['Error from server (NotFound): deployments.apps "gone" not found'],
      exitCode: 1,
    });
    expect(names(config)).toEqual(["voting-app-2-0"]);
  });

  it("when -f is given, then the file's objects go, in its order", () => {
    const { apply, run, config } = setUp();
    apply(deployment("voting-app-1-0"), service("voting-app", [{ port: 8080 }]));
    const objects = [service("voting-app", [{ port: 8080 }]), deployment("voting-app-1-0")];
    const output = run({
      verb: "delete",
      namespace: "voting",
      ignoreNotFound: false,
      target: { sources: [{ file: "f.yaml", objects }] },
    });
    expect(output.stdout).toEqual([
      'service "voting-app" deleted from voting namespace',
      'deployment.apps "voting-app-1-0" deleted from voting namespace',
    ]);
    expect(names(config)).toEqual([]);
  });

  it("when a selector is given, then the matching objects go, sorted by name", () => {
    const { apply, run, config } = setUp();
    const version = (name: string, v: string) =>
      deployment(name, { labels: { app: name.slice(0, -4), version: v } });
    apply(
      version("voting-app-2-0", "2.0"),
      version("voting-app-1-0", "1.0"),
      version("voting-analytics-1-1", "1.1"),
    );
    const output = run({
      verb: "delete",
      namespace: "voting",
      ignoreNotFound: false,
      target: { resource: "deployment.apps", selector: "version in (1.0,1.1)" },
    });
    expect(output.stdout).toEqual([
      'deployment.apps "voting-analytics-1-1" deleted from voting namespace',
      'deployment.apps "voting-app-1-0" deleted from voting namespace',
    ]);
    expect(names(config)).toEqual(["voting-app-2-0"]);
  });

  it("when the namespace voting is deleted, then everything applied goes", () => {
    const { apply, run, config } = setUp();
    apply(deployment("voting-app-1-0"));
    expect(
      run({
        verb: "delete",
        namespace: "voting",
        ignoreNotFound: false,
        target: { resource: "namespace", names: ["voting"] },
      }).stdout,
    ).toEqual(['namespace "voting" deleted']);
    expect(names(config)).toEqual([]);
  });

  it("when a pod is deleted, then its controller is asked to replace it", () => {
    const controller = fakeController([{ name: "voting-app-1-0-abc" }]);
    const { run } = setUp(controller);
    const output = run({
      verb: "delete",
      namespace: "voting",
      ignoreNotFound: false,
      target: { resource: "po", names: ["voting-app-1-0-abc"] },
    });
    expect(output.stdout).toEqual(['pod "voting-app-1-0-abc" deleted from voting namespace']);
    expect(controller.deleted).toEqual(["voting-app-1-0-abc"]);
  });
});

describe("kubectl get against the playground", () => {
  it("when pods run, then they are listed by name with readiness, status, labels and local address", () => {
    const controller = fakeController([
      { name: "voting-app-1-0-b", labels: { app: "voting-app", version: "1.0" }, createdAt: 0 },
      {
        name: "voting-app-1-0-a",
        labels: { app: "voting-app", version: "1.0" },
        status: "CreateContainerConfigError",
        readyContainers: 1,
        address: undefined,
      },
    ]);
    const { run } = setUp(controller);
    expect(
      run({
        verb: "get",
        namespace: "voting",
        resource: "pods",
        names: [],
        selector: "app=voting-app",
      }).stdout,
    ).toEqual([
      "NAME               READY   STATUS                       RESTARTS   AGE   APP          VERSION   ADDRESS",
      "voting-app-1-0-a   1/2     CreateContainerConfigError   0          65s   voting-app   1.0       <none>",
      "voting-app-1-0-b   2/2     Running                      0          65s   voting-app   1.0       127.0.0.1:1",
    ]);
  });

  it("when nothing matches, then it says so on stderr, as kubectl does", () => {
    const { run } = setUp();
    expect(
      run({
        verb: "get",
        namespace: "voting",
        resource: "deployments",
        names: [],
        selector: undefined,
      }),
    ).toEqual({
      stdout: [],
      stderr: ["No resources found in voting namespace."],
      exitCode: 0,
    });
  });

  it("when the type is unknown, then it is refused by name", () => {
    const { run } = setUp();
    const command: Command = {
      verb: "get",
      namespace: "voting",
      resource: "authorizationpolicies",
      names: [],
      selector: undefined,
    };
    expect(run(command).stderr).toEqual([
      'error: the server doesn\'t have a resource type "authorizationpolicies"',
    ]);
  });

  it("when a command names another namespace, then it is refused", () => {
    const { run } = setUp();
    expect(
      run({ verb: "get", namespace: "default", resource: "pods", names: [], selector: undefined })
        .stderr[0],
    ).toContain("serves only namespace voting");
  });
});

describe("kubectl label and get namespace against the playground", () => {
  function labelled() {
    const namespaceState = createNamespaceState(
      "voting",
      () => {},
      () => 0,
    );
    const config = createConfigState(() => {});
    const image = createImageCatalog([]);
    const run = createCommands({
      namespace: "voting",
      config,
      controller: fakeController(),
      check: (objects) => void readConfig(objects, { namespace: "voting", image }),
      namespaceState,
      now: () => 65_000,
    });
    const label = (overwrite: boolean, ...changes: [string, string | null][]) =>
      run({
        verb: "label",
        namespace: "voting",
        resource: "namespace",
        name: "voting",
        changes: changes.map(([key, value]) => ({ key, value })),
        overwrite,
      });
    const labels = () =>
      run({
        verb: "get",
        namespace: "voting",
        resource: "namespace",
        names: ["voting"],
        selector: undefined,
        showLabels: true,
      }).stdout;
    return { run, label, labels, namespaceState };
  }

  it("when the namespace is labelled, then kubectl's line is printed and get --show-labels lists the labels sorted", () => {
    const { label, labels } = labelled();
    expect(label(false, ["istio.io/rev", "asm-1-28"])).toEqual({
      stdout: ["namespace/voting labeled"],
      stderr: [],
      exitCode: 0,
    });
    expect(labels()).toEqual([
      "NAME     STATUS   AGE   LABELS",
      "voting   Active   65s   istio.io/rev=asm-1-28,kubernetes.io/metadata.name=voting",
    ]);
  });

  it("when a label would change without --overwrite, then nothing changes and kubectl's error is printed", () => {
    const { label, labels } = labelled();
    label(false, ["istio-injection", "enabled"]);
    expect(label(false, ["istio-injection", "disabled"])).toEqual({
      stdout: [],
      stderr: ["error: 'istio-injection' already has a value (enabled), and --overwrite is false"],
      exitCode: 1,
    });
    expect(label(false, ["istio-injection", "enabled"]).stdout).toEqual([
      "namespace/voting not labeled",
    ]);
    expect(label(true, ["istio-injection", "disabled"]).stdout).toEqual([
      "namespace/voting labeled",
    ]);
    expect(labels()[1]).toContain("istio-injection=disabled");
  });

  it("when a label is removed with KEY-, then it goes; a missing one is reported", () => {
    const { label, labels } = labelled();
    label(false, ["istio-injection", "enabled"]);
    expect(label(false, ["istio-injection", null])).toMatchObject({
      stdout: ["namespace/voting labeled"],
    });
    expect(labels()[1]).not.toContain("istio-injection");
    expect(label(false, ["istio-injection", null])).toEqual({
      stdout: ["namespace/voting not labeled"],
      stderr: ['label "istio-injection" not found.'],
      exitCode: 0,
    });
  });

  it("when another namespace or another kind is labelled, then it is refused", () => {
    const { run } = labelled();
    const base = { verb: "label", namespace: "voting", changes: [], overwrite: false } as const;
    expect(run({ ...base, resource: "ns", name: "default" }).stderr).toEqual([
      'Error from server (NotFound): namespaces "default" not found',
    ]);
    expect(run({ ...base, resource: "pods", name: "x" }).stderr[0]).toContain(
      "the playground labels only its namespace",
    );
  });

  it("when the namespace is deleted, then it comes back with its name label only", () => {
    const { run, label, namespaceState } = labelled();
    label(false, ["istio-injection", "enabled"]);
    run({
      verb: "delete",
      namespace: "voting",
      ignoreNotFound: false,
      target: { resource: "namespace", names: ["voting"] },
    });
    expect(namespaceState.labels()).toEqual({ "kubernetes.io/metadata.name": "voting" });
  });
});
