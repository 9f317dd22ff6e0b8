import { describe, expect, it } from "vitest";
import { findFreePort } from "../src/index.js";
import { waitForReady } from "../src/launcher/readiness.js";
import { createSupervisor } from "../src/launcher/supervisor.js";
import { FAKE_SERVICE, processExists } from "./helpers.js";

const fake = async (name: string, env: NodeJS.ProcessEnv = {}) => {
  const port = await findFreePort();
  return {
    port,
    spec: {
      name,
      command: process.execPath,
      args: [FAKE_SERVICE],
      env: { ...process.env, PORT: String(port), FAKE_NAME: name, ...env },
    },
  };
};

describe("the supervisor", () => {
  it("when a service starts, then its lines come prefixed, it gets ready, and stopAll ends it", async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ output: (line) => lines.push(line), nameWidth: 8 });
    const { port, spec } = await fake("alpha");
    const child = await supervisor.start(spec);
    try {
      const ready = await waitForReady({ url: `http://127.0.0.1:${port}/readyz`, timeoutMs: 5000 });
      expect(ready).toEqual({ ok: true });
      expect(lines[0]).toMatch(/^alpha {4}\| \{"name":"alpha","msg":"listening"/);
    } finally {
      await supervisor.stopAll(5000);
    }
    expect(processExists(child.pid)).toBe(false);
    expect(lines.at(-1)).toContain('"msg":"stopping"');
    expect(supervisor.exitOf("alpha")?.exit).toEqual({ code: 0, signal: null });
  });

  it("when a service dies on its own, then firstExit names it and its exit code", async () => {
    const supervisor = createSupervisor({ output: () => {} });
    const { spec } = await fake("beta", { FAKE_EXIT_AFTER_MS: "100" });
    await supervisor.start(spec);
    const exit = await supervisor.firstExit;
    expect(exit).toMatchObject({ name: "beta", description: "beta exited with code 3" });
    await supervisor.stopAll(1000);
  });

  it("when a service never gets ready, then the wait gives up with the reason", async () => {
    const supervisor = createSupervisor({ output: () => {} });
    const { port, spec } = await fake("gamma", { FAKE_NOT_READY: "1" });
    try {
      await supervisor.start(spec);
      const ready = await waitForReady({ url: `http://127.0.0.1:${port}/readyz`, timeoutMs: 600 });
      expect(ready).toEqual({ ok: false, reason: "not ready after 600 ms" });
    } finally {
      await supervisor.stopAll(1000);
    }
  });

  it("when the command does not exist, then start rejects", async () => {
    const supervisor = createSupervisor({ output: () => {} });
    await expect(
      supervisor.start({ name: "ghost", command: "/nonexistent/node", args: [], env: {} }),
    ).rejects.toThrow(/ENOENT/);
  });
});
