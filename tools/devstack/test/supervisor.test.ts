import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../src/index.js";
import { createSupervisor } from "../src/launcher/supervisor.js";
import { waitForReady } from "../src/readiness.js";
import { FAKE_SERVICE, processExists, tempDir } from "./helpers.js";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => {
  ({ path: dir, remove: removeDir } = await tempDir("supervisor"));
});
afterAll(() => removeDir());

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
  it("when a service starts, then it writes its own output, gets ready, and stopAll ends it", async () => {
    const file = join(dir, "alpha.log");
    const supervisor = createSupervisor({ output: { file } });
    const { port, spec } = await fake("alpha");
    const child = await supervisor.start(spec);
    try {
      const ready = await waitForReady({ url: `http://127.0.0.1:${port}/readyz`, timeoutMs: 5000 });
      expect(ready).toEqual({ ok: true });
    } finally {
      await supervisor.stopAll(5000);
    }
    expect(processExists(child.pid)).toBe(false);
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\{"name":"alpha","msg":"listening"/);
    expect(lines.at(-1)).toContain('"msg":"stopping"');
    expect(supervisor.exitOf("alpha")?.exit).toEqual({ code: 0, signal: null });
  });

  it("when a service dies on its own, then firstExit names it and its exit code", async () => {
    const supervisor = createSupervisor({ output: { file: join(dir, "beta.log") } });
    const { port, spec } = await fake("beta");
    await supervisor.start(spec);
    await waitForReady({ url: `http://127.0.0.1:${port}/readyz`, timeoutMs: 5000 });
    await fetch(`http://127.0.0.1:${port}/exit`);
    const exit = await supervisor.firstExit;
    expect(exit).toMatchObject({ name: "beta", description: "beta exited with code 3" });
    await supervisor.stopAll(1000);
  });

  it("when a service never gets ready, then the wait gives up with the reason", async () => {
    const supervisor = createSupervisor({ output: { file: join(dir, "gamma.log") } });
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
    const supervisor = createSupervisor({ output: { file: join(dir, "ghost.log") } });
    await expect(
      supervisor.start({ name: "ghost", command: "/nonexistent/node", args: [], env: {} }),
    ).rejects.toThrow(/ENOENT/);
  });
});
