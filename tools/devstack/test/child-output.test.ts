import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChild } from "../src/index.js";
import { tempDir } from "./helpers.js";

let dir: string;
let removeDir: () => Promise<void>;
beforeAll(async () => {
  ({ path: dir, remove: removeDir } = await tempDir("child-output"));
});
afterAll(() => removeDir());

describe("a child's output", () => {
  it("when it goes to a file, then the file holds both streams and the tail reads it", async () => {
    const file = join(dir, "both.log");
    const child = await startChild({
      command: "sh",
      args: ["-c", "echo out; echo err >&2; exit 4"],
      output: { file },
    });
    expect(await child.exited).toEqual({ code: 4, signal: null });
    expect((await readFile(file, "utf8")).split("\n").sort()).toEqual(["", "err", "out"]);
    expect(child.tail().sort()).toEqual(["err", "out"]);
  });

  it("when it is inherited, then nothing of it is kept here", async () => {
    const child = await startChild({ command: "true", args: [], output: "inherit" });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.tail()).toEqual([]);
  });

  it("when stopped with another signal, then that signal ends it", async () => {
    const child = await startChild({
      command: process.execPath,
      args: [
        "-e",
        "process.on('SIGINT', () => process.exit(7)); console.log('armed'); setInterval(() => {}, 1000)",
      ],
      output: { file: join(dir, "sigint.log") },
    });
    await expect.poll(() => child.tail()).toEqual(["armed"]);
    expect(await child.stop(5000, "SIGINT")).toEqual({ code: 7, signal: null });
  });
});
