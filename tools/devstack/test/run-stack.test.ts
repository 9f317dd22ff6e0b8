import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findFreePort, isPortFree } from "../src/index.js";
import type { LauncherOptions } from "../src/launcher/options.js";
import { createStack, type StackDeps } from "../src/launcher/run-stack.js";
import type { StackName } from "../src/stacks.js";
import { FAKE_SERVICE, tempDir } from "./helpers.js";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => {
  ({ path: dir, remove: removeDir } = await tempDir("run-stack"));
});
afterAll(() => removeDir());

const STORES = {
  redis: { host: "127.0.0.1", port: 6379 },
  mysql: { host: "127.0.0.1", port: 3306, user: "root", password: "" },
};

async function setUp(stack: StackName, env: NodeJS.ProcessEnv = {}) {
  const options: LauncherOptions = {
    stack,
    appPort: await findFreePort(),
    analyticsPort: await findFreePort(),
    stores: STORES,
  };
  const release = vi.fn(async () => {});
  const prepared: unknown[] = [];
  const deps: StackDeps = {
    log: () => {},
    output: { file: join(dir, "services.log") },
    env: { ...process.env, ...env },
    ensureRedis: async (endpoint) => ({ ...endpoint, port: 6390, handle: undefined, release }),
    ensureMysql: async (endpoint) => ({ ...endpoint, port: 3390, handle: undefined, release }),
    prepareMysqlDatabase: async (target) => void prepared.push(target),
    serviceCommand: (_name, env) => ({ command: process.execPath, args: [FAKE_SERVICE], env }),
    isPortFree,
    readyTimeoutMs: 5000,
    stopGraceMs: 2000,
  };
  return { options, deps, release, prepared };
}

/** The variables a (fake) service was started with, as it reports them. */
const envOf = async (port: number) =>
  (await (await fetch(`http://127.0.0.1:${port}/env`)).json()) as Record<string, string>;

describe("the stack", () => {
  it("when started, then analytics and the app run with the stack's versions and store", async () => {
    const { options, deps, release } = await setUp("1.1", { TITLE: "Pets" });
    const stack = createStack(options, deps);
    try {
      const started = await stack.start();
      expect(started).toEqual({
        url: `http://localhost:${options.appPort}`,
        summary: "app 1.0, analytics 1.1, Redis",
      });
      expect(await envOf(options.analyticsPort)).toMatchObject({
        SERVICE_VERSION: "1.1",
        REDIS_PORT: "6390",
        MYSQL_DATABASE: "azurevote",
        ANALYTICS_PORT: String(options.analyticsPort),
        TITLE: "Pets",
      });
      expect((await envOf(options.appPort)).SERVICE_VERSION).toBe("1.0");
    } finally {
      await stack.stop();
    }
    expect(release).toHaveBeenCalledOnce();
    expect(await isPortFree(options.appPort)).toBe(true);
  });

  it("when the 2.0 stack starts, then database azurevote is prepared on the store in use", async () => {
    const { options, deps, prepared } = await setUp("2.0");
    const stack = createStack(options, deps);
    try {
      expect((await stack.start()).summary).toBe("app 2.0, analytics 2.0, MySQL");
      expect(prepared).toEqual([{ ...STORES.mysql, port: 3390, database: "azurevote" }]);
      expect((await envOf(options.appPort)).SERVICE_VERSION).toBe("2.0");
    } finally {
      await stack.stop();
    }
  });

  it("when a service dies after start, then firstExit names it", async () => {
    const { options, deps } = await setUp("1.0");
    const stack = createStack(options, deps);
    try {
      await stack.start();
      await fetch(`http://127.0.0.1:${options.analyticsPort}/exit`);
      const exit = await stack.firstExit;
      expect(exit.description).toBe("voting-analytics exited with code 3");
    } finally {
      await stack.stop();
    }
  });

  it("when a service dies before it is ready, then start fails naming it", async () => {
    const { options, deps, release } = await setUp("1.0", {
      FAKE_EXIT_AFTER_MS: "1",
      FAKE_NOT_READY: "1",
    });
    const stack = createStack(options, deps);
    await expect(stack.start()).rejects.toThrow(
      /^voting-analytics did not become ready at .*: voting-analytics exited with code 3\.$/,
    );
    await stack.stop();
    expect(release).toHaveBeenCalledOnce();
  });

  it("when the app's port is taken, then start fails saying so before starting anything", async () => {
    const { options, deps, release } = await setUp("1.1");
    const blocker = createServer().listen(options.appPort);
    await new Promise((resolve) => blocker.once("listening", resolve));
    try {
      const stack = createStack(options, deps);
      await expect(stack.start()).rejects.toThrow(
        `Port ${options.appPort} (for the app) is already in use: is the app already running?`,
      );
      await stack.stop();
      expect(release).not.toHaveBeenCalled();
    } finally {
      blocker.close();
    }
  });
});
