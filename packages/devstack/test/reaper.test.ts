import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { processExists, tempDir } from "./helpers.js";

const OWNER = fileURLToPath(new URL("./fixtures/redis-owner.ts", import.meta.url));

/** Runs the fixture, returns the pid of the Redis it started and the fixture process itself. */
async function startOwner(dataDir: string, mode: "exit" | "wait") {
  const owner = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", OWNER, dataDir, mode],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [line] = (await once(createInterface({ input: owner.stdout }), "line")) as [string];
  return { owner, redisPid: (JSON.parse(line) as { pid: number }).pid };
}

describe("private servers outliving their owner", () => {
  for (const [how, end] of [
    ["exits", (_owner: ReturnType<typeof spawn>) => {}],
    ["gets SIGTERM", (owner: ReturnType<typeof spawn>) => owner.kill("SIGTERM")],
    ["gets SIGINT", (owner: ReturnType<typeof spawn>) => owner.kill("SIGINT")],
  ] as const) {
    it(`when the process that started a server ${how}, then the server is killed too`, async () => {
      const dir = await tempDir("reaper");
      try {
        const { owner, redisPid } = await startOwner(dir.path, how === "exits" ? "exit" : "wait");
        expect(processExists(redisPid)).toBe(true);
        end(owner);
        await once(owner, "exit");
        await expect.poll(() => processExists(redisPid), { timeout: 3000 }).toBe(false);
      } finally {
        await dir.remove();
      }
    });
  }
});
