import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningChild } from "@voting/devstack";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createImageCatalog } from "../src/images.js";
import type { LocalStores } from "../src/pods/local-stores.js";
import { createPod, type PodDeps } from "../src/pods/pod.js";
import { readSecret, type SecretData } from "../src/secrets.js";
import type { Sidecar } from "../src/traffic/sidecar.js";
import { readWorkload } from "../src/workload.js";
import { deployment, secret } from "./builders.js";

const image = createImageCatalog([
  "voting/voting-app:1.0",
  "voting/voting-analytics:1.1",
  "voting/voting-storage:2.0",
]);

// The pods' log files; each pod removes its own folder when it is gone.
const LOG_DIR = mkdtempSync(join(tmpdir(), "pod-test-"));
afterAll(() => rmSync(LOG_DIR, { recursive: true, force: true }));

/** A process that never exits, and what it was started with. */
function fakeProcesses() {
  const started: Record<string, string>[] = [];
  const start = vi.fn(async (_service: string, env: Record<string, string>) => {
    started.push(env);
    const child: RunningChild = {
      pid: 1,
      exited: new Promise(() => {}),
      alive: () => true,
      signal: () => {},
      stop: async () => ({ code: 0, signal: null }),
      tail: () => [],
    };
    return child;
  });
  return { started, start };
}

function setUp(overrides: Partial<PodDeps> = {}) {
  let nextPort = 41000;
  const sidecar: Sidecar = { listen: async () => nextPort++, close: async () => {} };
  const stores: LocalStores = {
    redis: async () => ({ host: "127.0.0.1", port: 6379 }),
    mysql: vi.fn(async () => ({ host: "127.0.0.1", port: 3306 })),
    release: async () => {},
  };
  const processes = fakeProcesses();
  const deps: PodDeps = {
    namespace: "voting",
    image,
    secretOf: () => undefined,
    isService: (host) => ["voting-storage", "voting-analytics"].includes(host),
    sidecar: () => sidecar,
    stores,
    startService: processes.start,
    findFreePort: async () => 50000,
    isReady: async () => true,
    onChange: () => {},
    log: () => {},
    logDir: LOG_DIR,
    baseEnv: { PATH: "/usr/bin" },
    probeIntervalMs: 10,
    backoffMs: () => 60_000,
    ...overrides,
  };
  return { deps, processes, stores };
}

/** Waits until the pod shows `status` (its start runs in the background). */
const statusOf = (pod: { view(): { status: string } }, status: string) =>
  expect.poll(() => pod.view().status).toBe(status);

describe("a pod of a service image", () => {
  it("when it starts, then its process gets its own name, the image's version, its port and the sidecar's listeners", async () => {
    const { deps, processes } = setUp();
    const workload = readWorkload(
      deployment("voting-analytics-1-1", {
        image: "voting/voting-analytics:1.1",
        env: [
          { name: "PORT", value: "8080" },
          { name: "REDIS_HOST", value: "voting-storage" },
          { name: "REDIS_PORT", value: "6379" },
          { name: "TITLE", value: "Pets" },
        ],
      }),
      image,
    );
    const pod = createPod({ name: "voting-analytics-1-1-abc-x", workload }, deps);
    pod.start();
    await statusOf(pod, "Running");
    expect(processes.started[0]).toMatchObject({
      PATH: "/usr/bin",
      HOSTNAME: "voting-analytics-1-1-abc-x",
      SERVICE_VERSION: "1.1",
      // The image's own ENV, as its Dockerfile sets it.
      NODE_ENV: "production",
      PORT: "50000",
      TITLE: "Pets",
      REDIS_HOST: "127.0.0.1",
      REDIS_PORT: expect.stringMatching(/^410\d\d$/),
    });
    expect(pod.address(8080)).toEqual({ host: "127.0.0.1", port: 50000 });
    expect(pod.view()).toMatchObject({ status: "Running", readyContainers: 2 });
    await pod.terminate();
  });

  it("when the manifest sets SERVICE_VERSION, then it wins over the image's tag", async () => {
    const { deps, processes } = setUp();
    const workload = readWorkload(
      deployment("voting-app-1-0", { env: [{ name: "SERVICE_VERSION", value: "2.0" }] }),
      image,
    );
    const pod = createPod({ name: "p", workload }, deps);
    pod.start();
    await statusOf(pod, "Running");
    expect(processes.started[0]?.SERVICE_VERSION).toBe("2.0");
    await pod.terminate();
  });

  it("when a test database is configured, then MYSQL_DATABASE points at it", async () => {
    const { deps, processes } = setUp({
      database: "test_db",
      secretOf: () => new Map([["MYSQL_DATABASE", "azurevote"]]),
    });
    const env = [
      { name: "MYSQL_DATABASE", valueFrom: { secretKeyRef: { name: "s", key: "MYSQL_DATABASE" } } },
    ];
    const pod = createPod(
      { name: "p", workload: readWorkload(deployment("voting-app-1-0", { env }), image) },
      deps,
    );
    pod.start();
    await statusOf(pod, "Running");
    expect(processes.started[0]?.MYSQL_DATABASE).toBe("test_db");
    await pod.terminate();
  });

  it("when its image is not one the project builds, then it shows ErrImagePull and starts nothing", async () => {
    const { deps, processes } = setUp();
    const pod = createPod(
      {
        name: "p",
        workload: readWorkload(
          deployment("voting-app-9-9", { image: "voting/voting-app:9.9" }),
          image,
        ),
      },
      deps,
    );
    pod.start();
    await statusOf(pod, "ErrImagePull");
    expect(pod.view()).toMatchObject({ status: "ErrImagePull", readyContainers: 0 });
    expect(processes.start).not.toHaveBeenCalled();
  });
});

describe("a pod whose process exits", () => {
  it("when the service exits, then it shows Error with the exit and its last lines, and is started again", async () => {
    let starts = 0;
    const { deps } = setUp({
      backoffMs: () => 20,
      startService: async (_service, _env, logFile) => {
        starts += 1;
        appendFileSync(logFile, "Invalid configuration: ANALYTICS_PORT\n");
        return {
          pid: 1,
          exited: Promise.resolve({ code: 1, signal: null }),
          alive: () => false,
          signal: () => {},
          stop: async () => ({ code: 1, signal: null }),
          tail: () => [],
        };
      },
    });
    const pod = createPod(
      { name: "p", workload: readWorkload(deployment("voting-app-1-0"), image) },
      deps,
    );
    pod.start();
    await expect
      .poll(() => pod.view().message)
      .toBe("exited with code 1: Invalid configuration: ANALYTICS_PORT");
    expect(["Error", "CrashLoopBackOff"]).toContain(pod.status);
    // After its back-off it is started again, and the next exit shows CrashLoopBackOff.
    await statusOf(pod, "CrashLoopBackOff");
    expect(starts).toBeGreaterThan(1);
    expect(pod.view().restarts).toBeGreaterThan(1);
    expect(pod.ready).toBe(false);
    await pod.terminate();
  });
});

describe("a pod of the MySQL storage image", () => {
  const env = ["MYSQL_ROOT_PASSWORD", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_DATABASE"].map(
    (key) => ({
      name: key,
      valueFrom: { secretKeyRef: { name: "voting-storage-secret", key } },
    }),
  );
  const workload = readWorkload(
    deployment("voting-storage-2-0", { image: "voting/voting-storage:2.0", env }),
    image,
  );

  it("when its Secret is missing, then it waits in CreateContainerConfigError and starts once the Secret exists", async () => {
    let stored: SecretData | undefined = undefined;
    const { deps, stores } = setUp({ secretOf: () => stored });
    const pod = createPod({ name: "voting-storage-2-0-abc-x", workload }, deps);
    pod.start();
    await statusOf(pod, "CreateContainerConfigError");
    expect(pod.view()).toMatchObject({
      status: "CreateContainerConfigError",
      message: 'secret "voting-storage-secret" not found',
    });
    expect(pod.ready).toBe(false);

    stored = readSecret(
      secret("voting-storage-secret", {
        MYSQL_ROOT_PASSWORD: "r",
        MYSQL_USER: "voting",
        MYSQL_PASSWORD: "p",
        MYSQL_DATABASE: "azurevote",
      }),
    );
    pod.retry();
    await statusOf(pod, "Running");
    expect(stores.mysql).toHaveBeenCalledWith(
      expect.objectContaining({ MYSQL_USER: "voting", MYSQL_DATABASE: "azurevote" }),
    );
    expect(pod.view()).toMatchObject({
      status: "Running",
      readyContainers: 2,
      address: "mysql 127.0.0.1:3306",
    });
    expect(pod.address(3306)).toEqual({ host: "127.0.0.1", port: 3306 });
    expect(pod.address(6379)).toBeUndefined();
  });
});
