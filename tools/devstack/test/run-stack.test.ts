import { createServer } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { findFreePort, isPortFree } from "../src/index.js";
import type { LauncherOptions } from "../src/launcher/options.js";
import { createStack, type StackDeps } from "../src/launcher/run-stack.js";
import type { StackName } from "../src/launcher/stacks.js";
import { FAKE_SERVICE } from "./helpers.js";

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
  const lines: string[] = [];
  const release = vi.fn(async () => {});
  const prepared: unknown[] = [];
  const deps: StackDeps = {
    log: () => {},
    output: (line) => lines.push(line),
    env: { ...process.env, ...env },
    ensureRedis: async (endpoint) => ({ ...endpoint, port: 6390, handle: undefined, release }),
    ensureMysql: async (endpoint) => ({ ...endpoint, port: 3390, handle: undefined, release }),
    prepareMysqlDatabase: async (target) => void prepared.push(target),
    serviceCommand: () => ({ command: process.execPath, args: [FAKE_SERVICE] }),
    isPortFree,
    readyTimeoutMs: 5000,
    stopGraceMs: 2000,
  };
  return { options, deps, lines, release, prepared };
}

const envOf = (lines: string[], service: string) => {
  const line = lines.find((l) => l.startsWith(service) && l.includes('"listening"'));
  return JSON.parse(line!.slice(line!.indexOf("|") + 2)).env;
};

describe("the stack", () => {
  it("when started, then analytics and the app run with the stack's versions and store", async () => {
    const { options, deps, lines, release } = await setUp("1.1", { TITLE: "Pets" });
    const stack = createStack(options, deps);
    try {
      const started = await stack.start();
      expect(started).toEqual({
        url: `http://localhost:${options.appPort}`,
        summary: "app 1.0, analytics 1.1, Redis",
      });
      expect(envOf(lines, "voting-analytics")).toEqual({
        SERVICE_VERSION: "1.1",
        REDIS_PORT: "6390",
        MYSQL_DATABASE: "azurevote",
        ANALYTICS_PORT: String(options.analyticsPort),
        TITLE: "Pets",
      });
      expect(envOf(lines, "voting-app").SERVICE_VERSION).toBe("1.0");
    } finally {
      await stack.stop();
    }
    expect(release).toHaveBeenCalledOnce();
    expect(await isPortFree(options.appPort)).toBe(true);
  });

  it("when the 2.0 stack starts, then database azurevote is prepared on the store in use", async () => {
    const { options, deps, lines, prepared } = await setUp("2.0");
    const stack = createStack(options, deps);
    try {
      expect((await stack.start()).summary).toBe("app 2.0, analytics 2.0, MySQL");
      expect(prepared).toEqual([{ ...STORES.mysql, port: 3390, database: "azurevote" }]);
      expect(envOf(lines, "voting-app").SERVICE_VERSION).toBe("2.0");
    } finally {
      await stack.stop();
    }
  });

  it("when a service dies after start, then firstExit names it", async () => {
    const { options, deps } = await setUp("1.0", { FAKE_EXIT_AFTER_MS: "1500" });
    const stack = createStack(options, deps);
    try {
      await stack.start();
      const exit = await stack.firstExit;
      expect(exit.description).toMatch(/^voting-(app|analytics) exited with code 3$/);
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
