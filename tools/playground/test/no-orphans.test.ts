import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  findFreePort,
  isPortFree,
  type RunningChild,
  startChild,
  startPrivateRedis,
  type StoreHandle,
  waitUntil,
} from "@voting/devstack";
import { REPO_ROOT } from "@voting/manifests";
import { describe, expect, it } from "vitest";
import {
  allRunning,
  requireBuild,
  servicePodPorts,
  startPlaygroundProcess,
  waitForPods,
} from "./walk-helpers.js";

const MAIN = join(REPO_ROOT, "tools/playground/dist/main.js");

/** Every process below `pid`, with its program's name, read from `ps` (Linux and macOS). */
function descendants(pid: number): { pid: number; command: string }[] {
  const rows = execFileSync("ps", ["-A", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([child, parent, program]) => ({
      pid: Number(child),
      ppid: Number(parent),
      command: basename(program ?? ""),
    }));
  const found: { pid: number; command: string }[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    for (const row of rows.filter((entry) => entry.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      parents.push(row.pid);
    }
  }
  return found;
}

/** Whether the process still runs: a zombie waiting for init to reap it holds nothing. */
function running(pid: number): boolean {
  try {
    const state = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" });
    return !state.trim().startsWith("Z");
  } catch {
    return false;
  }
}

const takenPorts = async (ports: number[]) => {
  const free = await Promise.all(ports.map((port) => isPortFree(port)));
  return ports.filter((_, index) => !free[index]);
};

/** `npm start -- --stack 1.1` on free ports, as npm runs it; its lines are kept. */
async function startStack(env: NodeJS.ProcessEnv) {
  requireBuild();
  const app = await findFreePort();
  const analytics = await findFreePort();
  const output: string[] = [];
  const child = await startChild({
    command: process.execPath,
    args: [MAIN, "--stack", "1.1", "--port", String(app), "--analytics-port", String(analytics)],
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    onLine: (line) => output.push(line),
  });
  const ready = await waitUntil(
    async () =>
      (await fetch(`http://127.0.0.1:${app}/readyz`).catch(() => undefined))?.status === 200,
    {
      timeoutMs: 30_000,
      giveUp: () => (child.alive() ? undefined : `the launcher exited:\n${output.join("\n")}`),
    },
  );
  if (!ready.ok) {
    await child.stop(5000);
    throw new Error(ready.reason);
  }
  return { child, app, analytics, output };
}

/** A test's own Redis in a temporary directory, and how to remove both. */
async function testRedis(): Promise<{ redis: StoreHandle; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "no-orphans-redis-"));
  const redis = await startPrivateRedis({ port: await findFreePort(), dataDir: dir });
  return {
    redis,
    remove: async () => {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** SIGKILL to the process alone (not its group): what it started must go by itself. */
async function expectAllGoneAfterSigkill(child: RunningChild, ports: number[]) {
  const started = descendants(child.pid);
  process.kill(child.pid, "SIGKILL");
  await child.exited;
  await expect
    .poll(() => started.filter((entry) => running(entry.pid)), { timeout: 10_000 })
    .toEqual([]);
  await expect.poll(() => takenPorts(ports), { timeout: 10_000 }).toEqual([]);
  return started;
}

/**
 * A vote whose body is held back: the request is in flight at `port` until `finish()` sends the
 * rest. `answered` is its status.
 */
async function voteInFlight(port: number) {
  const body = "vote=Cats";
  const vote = request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": body.length,
    },
  });
  const answered = new Promise<number>((resolve, reject) => {
    vote.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    vote.on("error", reject);
  });
  vote.write(body.slice(0, 5));
  await new Promise((resolve) => vote.once("socket", (socket) => socket.once("connect", resolve)));
  return { answered, finish: () => vote.end(body.slice(5)) };
}

/** Waits until the service at `port` drains: its readiness fails while it still answers. */
async function draining(port: number) {
  await expect
    .poll(
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status,
      { timeout: 10_000 },
    )
    .toBe(503);
}

describe("when the playground is killed with SIGKILL", () => {
  it("when it runs step 1, then every pod's process is gone and every pod's port free within seconds", async () => {
    const playground = await startPlaygroundProcess([], "pg_kill");
    try {
      await waitForPods(playground.kubeconfig, (pods) => pods.length === 5 && allRunning(pods));
      // The service pods' addresses; the storage pod's is the test's own Redis.
      const podPorts = await servicePodPorts(playground.kubeconfig, "app");
      expect(podPorts).toHaveLength(4);

      const started = await expectAllGoneAfterSigkill(playground.child, podPorts);
      expect(started.filter((entry) => entry.command === "node")).toHaveLength(4);
    } finally {
      await playground.stop();
    }
  }, 90_000);
});

describe("when `npm start -- --stack 1.1` is killed with SIGKILL", () => {
  it("when it started a private Redis, then the launcher, both services and the Redis are gone and their ports free within seconds", async () => {
    // Nothing answers on this port, so the launcher starts a private redis-server there.
    const redisPort = await findFreePort();
    const { child, app, analytics } = await startStack({ REDIS_PORT: String(redisPort) });
    try {
      const started = await expectAllGoneAfterSigkill(child, [app, analytics, redisPort]);
      // Both services, and redis-server behind its watchdog: the launcher is npm start's own process.
      expect(started.map((entry) => entry.command).sort()).toEqual([
        "node",
        "node",
        "node",
        "redis-server",
      ]);
    } finally {
      await child.stop(5000);
    }
  }, 60_000);
});

describe("when `npm start -- --stack 1.1` gets Ctrl-C", () => {
  it("when a vote is in flight, then the app drains and answers it, and the launcher exits 0", async () => {
    const { redis, remove } = await testRedis();
    const { child, app, output } = await startStack({
      REDIS_PORT: String(redis.port),
      SHUTDOWN_DELAY_MS: "2000",
    });
    try {
      const vote = await voteInFlight(app);
      // A terminal's Ctrl-C: SIGINT to the foreground process group, here the launcher's own.
      child.signal("SIGINT");
      await draining(app);
      vote.finish();

      expect(await vote.answered).toBe(302);
      expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(output.join("\n")).toContain("SIGINT received.");
    } finally {
      await child.stop(5000);
      await remove();
    }
  }, 60_000);
});

describe("when the playground gets Ctrl-C", () => {
  it("when a vote is in flight at an app pod, then the pod drains and answers it, and the playground exits 0", async () => {
    const playground = await startPlaygroundProcess([], "pg_int");
    try {
      await waitForPods(playground.kubeconfig, (pods) => pods.length === 5 && allRunning(pods));
      const [pod = 0] = await servicePodPorts(playground.kubeconfig, "app=voting-app");
      const vote = await voteInFlight(pod);
      playground.child.signal("SIGINT");
      // The manifests' SHUTDOWN_DELAY_MS: 5 s of draining, well inside the pod's grace period.
      await draining(pod);
      vote.finish();

      expect(await vote.answered).toBe(302);
      expect(await playground.child.exited).toEqual({ code: 0, signal: null });
      expect(await takenPorts([pod])).toEqual([]);
    } finally {
      await playground.stop();
    }
  }, 90_000);
});
