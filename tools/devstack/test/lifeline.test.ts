import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isPortFree, startChild } from "../src/index.js";
import { processExists, tempDir } from "./helpers.js";

const OWNER = fileURLToPath(new URL("./fixtures/child-owner.ts", import.meta.url));

/** Runs the fixture; returns it with the pids and ports of the Node child and the Redis it started. */
async function startOwner(dataDir: string, mode: "exit" | "wait") {
  const owner = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", OWNER, dataDir, mode],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await once(createInterface({ input: owner.stdout }), "line")) as [string];
  return { owner, ...(JSON.parse(line) as { pids: number[]; ports: number[] }) };
}

const allFree = async (ports: number[]) =>
  (await Promise.all(ports.map((port) => isPortFree(port)))).every(Boolean);

describe("children outliving the process that started them", () => {
  for (const [how, end] of [
    ["exits", () => {}],
    ["gets SIGTERM", (owner: ReturnType<typeof spawn>) => owner.kill("SIGTERM")],
    ["gets SIGINT", (owner: ReturnType<typeof spawn>) => owner.kill("SIGINT")],
    ["is killed with SIGKILL", (owner: ReturnType<typeof spawn>) => owner.kill("SIGKILL")],
  ] as const) {
    it(`when the process that started a Node child and a private Redis ${how}, then both are gone and their ports free`, async () => {
      const dir = await tempDir("lifeline");
      try {
        const { owner, pids, ports } = await startOwner(
          dir.path,
          how === "exits" ? "exit" : "wait",
        );
        expect(pids.map(processExists)).toEqual([true, true]);
        end(owner);
        await once(owner, "exit");
        await expect.poll(() => pids.filter(processExists), { timeout: 5000 }).toEqual([]);
        await expect.poll(() => allFree(ports), { timeout: 5000 }).toBe(true);
      } finally {
        await dir.remove();
      }
    });
  }
});

describe("a program behind the watchdog", () => {
  it("when it runs, then pid is the program's own, and a signal sent to the child reaches it", async () => {
    const child = await startChild({ command: "sleep", args: ["30"] });
    expect(processExists(child.pid)).toBe(true);
    const { stdout } = await import("node:child_process").then(({ execFileSync }) => ({
      stdout: execFileSync("ps", ["-o", "comm=", "-p", String(child.pid)], { encoding: "utf8" }),
    }));
    expect(stdout.trim()).toBe("sleep");
    child.signal("SIGKILL");
    expect(await child.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(processExists(child.pid)).toBe(false);
  });

  it("when it exits with a code, then the child exits with the same code and its output is kept", async () => {
    const child = await startChild({ command: "sh", args: ["-c", "echo bye; exit 3"] });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(child.tail()).toEqual(["bye"]);
  });

  it("when it cannot be started, then startChild rejects with the reason", async () => {
    await expect(startChild({ command: "/nonexistent/program", args: [] })).rejects.toThrow(
      "spawn /nonexistent/program ENOENT",
    );
  });
});
