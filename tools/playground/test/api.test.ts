import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "@voting/manifests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessPlayground } from "./api-harness.js";
import { allRunning, waitForPods } from "./walk-helpers.js";

// The real kubectl against the playground's API, with the pods' processes faked: what each
// verb of the tutorial prints, and what a refused request leaves behind (nothing).
let playground: Awaited<ReturnType<typeof startInProcessPlayground>>;
let folder: string;
const run = (...argv: string[]) => playground.run(...argv);
const STEP_1 = "k8s/step-1-create-voting-app.yaml";

/** A manifest written to the test's folder; returns its path. */
async function manifest(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** What is applied, by resourceVersion: a refused request must not move any of them. */
const snapshot = async () =>
  (
    await run(
      "get",
      "deployments,services,vs,dr,gw,pa,secrets",
      "-o",
      "jsonpath={range .items[*]}{.kind}/{.metadata.name}@{.metadata.resourceVersion} {end}",
    )
  ).stdout;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "playground-api-test-"));
  playground = await startInProcessPlayground();
  await run("create", "namespace", "voting");
});

afterAll(async () => {
  await playground?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe("the namespace", () => {
  it("when it is created twice, then the second answer is AlreadyExists", async () => {
    expect((await run("create", "namespace", "voting")).stderr).toEqual([
      'Error from server (AlreadyExists): namespaces "voting" already exists',
    ]);
  });

  it("when pods are created before the injection label, then they are READY 1/1; after it, 2/2", async () => {
    await run("apply", "-f", STEP_1, "--namespace", "voting");
    await waitForPods(
      playground.kubeconfig,
      (pods) => pods.length === 5 && allRunning(pods, "1/1"),
    );
    expect(playground.log.join("\n")).toMatch(
      /get no sidecar \(READY 1\/1\): namespace voting is not labelled istio-injection=enabled/,
    );
    expect((await run("label", "namespace", "voting", "istio-injection=enabled")).stdout).toEqual([
      "namespace/voting labeled",
    ]);
    // Labels change new pods only, as on a cluster: delete the old ones and they come back with a sidecar.
    expect((await run("delete", "pods", "--all", "--namespace", "voting")).code).toBe(0);
    await waitForPods(
      playground.kubeconfig,
      (pods) => pods.length === 5 && allRunning(pods, "2/2"),
    );
  }, 30_000);

  it("when a label would change without --overwrite, then kubectl refuses; KEY- removes one", async () => {
    expect((await run("label", "namespace", "voting", "istio-injection=disabled")).stderr).toEqual([
      "error: 'istio-injection' already has a value (enabled), and --overwrite is false",
    ]);
    await run("label", "namespace", "voting", "team=blue");
    expect((await run("label", "namespace", "voting", "team-")).stdout).toEqual([
      "namespace/voting unlabeled",
    ]);
    expect((await run("get", "namespace", "voting", "--show-labels")).stdout[1]).toMatch(
      /^voting\s+Active\s+\S+\s+istio-injection=enabled,kubernetes\.io\/metadata\.name=voting$/,
    );
  });
});

describe("apply and get", () => {
  it("when a file is applied unchanged, then unchanged; with a changed field, configured", async () => {
    expect((await run("apply", "-f", STEP_1, "-n", "voting")).stdout).toContain(
      "deployment.apps/voting-app-1-0 unchanged",
    );
    const text = (await readFile(join(REPO_ROOT, STEP_1), "utf8")).replace(
      "replicas: 3",
      "replicas: 2",
    );
    const changed = await manifest("two-replicas.yaml", text);
    const applied = await run("apply", "-f", changed, "-n", "voting");
    expect(applied.stdout).toContain("deployment.apps/voting-app-1-0 configured");
    expect(applied.stdout).toContain("service/voting-app unchanged");
    await waitForPods(
      playground.kubeconfig,
      (pods) => pods.filter((pod) => pod.app === "voting-app").length === 2,
    );
    await run("apply", "-f", STEP_1, "-n", "voting");
  }, 30_000);

  it("when objects are read with -o yaml, json, jsonpath and name, then they carry what apply stored", async () => {
    const yaml = (await run("get", "deployment", "voting-app-1-0", "-o", "yaml")).stdout.join("\n");
    expect(yaml).toContain("kubectl.kubernetes.io/last-applied-configuration");
    const json = JSON.parse(
      (await run("get", "service", "voting-storage", "-o", "json")).stdout.join("\n"),
    );
    expect(json.spec.ports).toEqual([expect.objectContaining({ name: "redis", port: 6379 })]);
    expect(
      (await run("get", "deploy", "voting-app-1-0", "-o", "jsonpath={.spec.replicas}")).stdout,
    ).toEqual(["3"]);
    expect((await run("get", "svc", "-o", "name")).stdout).toEqual([
      "service/voting-analytics",
      "service/voting-app",
      "service/voting-storage",
    ]);
  });

  it("when get is given equality and set-based selectors, then only the matching objects are listed", async () => {
    const names = async (...selector: string[]) =>
      (await run("get", "deployments", ...selector, "-o", "name")).stdout;
    expect(await names("-l", "app=voting-app")).toEqual(["deployment.apps/voting-app-1-0"]);
    expect(await names("-l", "app notin (voting-app,voting-storage)")).toEqual([
      "deployment.apps/voting-analytics-1-0",
    ]);
    expect(await names("-l", "version in (2.0)")).toEqual([]);
  });

  it("when get asks -o wide, then pods show where they answer on this machine", async () => {
    const wide = await run("get", "pods", "-l", "app=voting-storage", "-o", "wide");
    expect(wide.stdout[0]).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    expect(wide.stdout[1]).toMatch(/\s2\/2\s+Running\s.*redis 127\.0\.0\.1:6379\s+playground\s/);
  });

  it("when the ingress Service is read as the tutorial reads it, then its address is the local ingress", async () => {
    const ip = await run(
      "get",
      "service",
      "istio-ingressgateway",
      "--namespace",
      "istio-system",
      "-o",
      "jsonpath={.status.loadBalancer.ingress[0].ip}",
    );
    expect(ip.stdout[0]).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe("describe, logs, scale and rollout", () => {
  it("when a pod is described, then it shows its container, the istio-proxy sidecar and events", async () => {
    const pod = (await run("get", "pods", "-l", "app=voting-analytics", "-o", "name")).stdout[0]!;
    const text = (await run("describe", pod)).stdout.join("\n");
    expect(text).toMatch(/Containers:\n\s+voting-analytics:\n\s+Container ID:/);
    expect(text).toMatch(/\n\s+istio-proxy:\n/);
    expect(text).toMatch(/Events:[\s\S]*Started\s.*Started container istio-proxy/);
  });

  it("when logs are asked with --tail, -c and -f, then the lines come as kubectl asks for them", async () => {
    const pod = (await run("get", "pods", "-l", "app=voting-analytics", "-o", "name")).stdout[0]!;
    playground.print("first");
    playground.print("second");
    expect((await run("logs", pod, "-c", "voting-analytics", "--tail", "1")).stdout).toEqual([
      "second",
    ]);
    expect((await run("logs", pod, "-c", "istio-proxy")).stdout).toEqual([]);
    expect((await run("logs", pod, "-c", "nginx")).stderr[0]).toContain(
      "container nginx is not valid for pod",
    );

    const follow = spawn("kubectl", ["logs", "-f", pod, "-c", "voting-analytics", "--tail", "0"], {
      env: { ...process.env, KUBECONFIG: playground.kubeconfig },
    });
    let out = "";
    follow.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect
        .poll(() => {
          playground.print("followed");
          return out;
        })
        .toContain("followed\n");
    } finally {
      follow.kill();
    }
  });

  it("when a deployment is scaled, then it keeps that many pods", async () => {
    expect(
      (await run("scale", "deployment", "voting-app-1-0", "--replicas=1", "-n", "voting")).stdout,
    ).toEqual(["deployment.apps/voting-app-1-0 scaled"]);
    await waitForPods(
      playground.kubeconfig,
      (pods) => pods.filter((pod) => pod.app === "voting-app").length === 1,
    );
  }, 30_000);

  it("when a deployment is restarted, then rollout status follows the new pods until it has rolled out", async () => {
    expect((await run("rollout", "restart", "deployment", "voting-app-1-0")).stdout).toEqual([
      "deployment.apps/voting-app-1-0 restarted",
    ]);
    const status = await run(
      "rollout",
      "status",
      "deployment",
      "voting-app-1-0",
      "--timeout",
      "20s",
    );
    expect(status.stdout.at(-1)).toBe('deployment "voting-app-1-0" successfully rolled out');
  }, 30_000);

  it("when exec is asked for, then it is refused with why", async () => {
    const pod = (await run("get", "pods", "-l", "app=voting-app", "-o", "name")).stdout[0]!;
    const exec = await run("exec", pod, "--", "sh");
    expect(exec.code).not.toBe(0);
    expect(exec.stderr.join("\n")).toContain("exec is not supported by the playground");
  });
});

describe("bad input: kubectl prints the error, the playground keeps running, nothing changes", () => {
  it("when a file is malformed YAML, an unknown kind, an invalid object or another namespace, then each is refused by name", async () => {
    const before = await snapshot();
    const malformed = await manifest(
      "malformed.yaml",
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n spec: [\n",
    );
    expect((await run("apply", "-f", malformed)).stderr[0]).toMatch(
      /^error: error parsing .*malformed\.yaml: error converting YAML to JSON/,
    );
    const unknown = await manifest(
      "unknown.yaml",
      "apiVersion: v1\nkind: Widget\nmetadata:\n  name: x\n",
    );
    expect((await run("apply", "-f", unknown)).stderr.join("\n")).toContain(
      "the playground has no schema for this kind",
    );
    const invalid = await manifest(
      "invalid.yaml",
      (await readFile(join(REPO_ROOT, STEP_1), "utf8")).replace("replicas: 3", "replicas: -1"),
    );
    expect((await run("apply", "-f", invalid, "-n", "voting")).stderr).toContain(
      'The Deployment "voting-app-1-0" is invalid: spec.replicas: must be a whole number',
    );
    const unknownField = await manifest(
      "unknown-field.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nsettings:\n  a: b\n",
    );
    expect((await run("apply", "-f", unknownField, "-n", "voting")).stderr.join("\n")).toContain(
      'strict decoding error: unknown field "settings"',
    );
    const elsewhere = await manifest(
      "elsewhere.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: other\n",
    );
    expect((await run("apply", "-f", elsewhere)).stderr.join("\n")).toContain(
      'the playground serves only namespace voting, not "other"',
    );
    expect(await snapshot()).toEqual(before);
  });

  it("when a body is too large, a patch is server-side or JSON, or a namespace is not the playground's, then a Status names it", async () => {
    const before = await snapshot();
    const big = await manifest(
      "big.yaml",
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "${"x".repeat(4 * 1024 * 1024)}"\n`,
    );
    expect((await run("apply", "-f", big, "-n", "voting")).stderr.join("\n")).toContain(
      "Error from server (RequestEntityTooLarge)",
    );
    expect(
      (await run("apply", "--server-side", "-f", STEP_1, "-n", "voting")).stderr.join("\n"),
    ).toContain("server-side apply is not supported by the playground");
    expect(
      (
        await run(
          "patch",
          "deployment",
          "voting-app-1-0",
          "--type=json",
          "-p",
          '[{"op":"remove","path":"/spec/replicas"}]',
        )
      ).stderr.join("\n"),
    ).toContain("JSON patches (--type=json) are not supported by the playground");
    expect((await run("create", "namespace", "other")).stderr).toEqual([
      'Error from server (Forbidden): the playground serves only namespace voting; it cannot create namespace "other"',
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("delete", () => {
  it("when objects are deleted by file, by name and by selector, then kubectl prints each; a missing name is NotFound", async () => {
    expect(
      (
        await run(
          "delete",
          "-f",
          "istio/step-1-create-voting-app-gateway.yaml",
          "--ignore-not-found",
        )
      ).code,
    ).toBe(0);
    expect((await run("delete", "service", "voting-app")).stdout).toEqual([
      'service "voting-app" deleted',
    ]);
    expect((await run("delete", "service", "voting-app")).stderr).toEqual([
      'Error from server (NotFound): services "voting-app" not found',
    ]);
    const bySelector = await run(
      "delete",
      "deployment",
      "--selector",
      "version in (1.0,1.1)",
      "--namespace",
      "voting",
    );
    expect(bySelector.stdout.map((line) => line.replace(/ from voting namespace$/, ""))).toEqual([
      'deployment.apps "voting-analytics-1-0" deleted',
      'deployment.apps "voting-app-1-0" deleted',
      'deployment.apps "voting-storage-1-0" deleted',
    ]);
  }, 30_000);

  it("when the namespace is deleted, then it and everything in it are gone", async () => {
    expect((await run("delete", "namespace", "voting")).stdout).toEqual([
      'namespace "voting" deleted',
    ]);
    expect((await run("get", "services", "-n", "voting")).stderr).toEqual([
      "No resources found in voting namespace.",
    ]);
    expect((await run("apply", "-f", STEP_1, "-n", "voting")).stderr[0]).toContain(
      'namespaces "voting" not found',
    );
  });
});
