import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SOURCE = (file: string) =>
  JSON.stringify(fileURLToPath(new URL(`../src/${file}`, import.meta.url)));

/** Runs `body` in a fresh Node process with createLogger and exitOnCrash in scope. */
async function runLogging(body: string[]) {
  const script = [
    `import { createLogger } from ${SOURCE("logger.ts")};`,
    `import { exitOnCrash } from ${SOURCE("lifecycle.ts")};`,
    `const logger = createLogger("svc", "9.9");`,
    ...body,
  ].join("\n");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", script],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const [code] = (await once(child, "close")) as [number | null];
  const lines = stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; step?: number; err?: { message: string } });
  return { code, stderr, lines };
}

// Many lines, logged in one go and followed at once by the end of the process: far more than one
// write to the pipe takes.
const LINES = 2000;
const LOG_MANY = `for (let step = 0; step < ${LINES}; step++) logger.info({ step }, "line");`;

function steps(lines: { msg: string; step?: number }[]): number[] {
  return lines.filter((line) => line.msg === "line").map((line) => line.step!);
}

describe("createLogger", () => {
  it("when a process logs lines and exits at once, then every line is on its stdout, in order", async () => {
    const { code, stderr, lines } = await runLogging([LOG_MANY, "process.exit(0);"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(steps(lines)).toEqual(Array.from({ length: LINES }, (_, step) => step));
  });

  it("when a process crashes right after logging, then every line is written, then the crash", async () => {
    const { code, lines } = await runLogging([
      "exitOnCrash(logger);",
      LOG_MANY,
      `setImmediate(() => { throw new Error("the store fell over"); });`,
    ]);
    expect(code).toBe(1);
    expect(steps(lines)).toEqual(Array.from({ length: LINES }, (_, step) => step));
    expect(lines.at(-1)).toMatchObject({ msg: "crashed", err: { message: "the store fell over" } });
  });

  it("when a process is SIGKILLed right after logging, then every line is on its stdout", async () => {
    // Nothing runs after the kill, no timer and no exit handler, that could write a line late.
    const { lines } = await runLogging([LOG_MANY, `process.kill(process.pid, "SIGKILL");`]);
    expect(steps(lines)).toEqual(Array.from({ length: LINES }, (_, step) => step));
  });

  it("when a promise rejects with nothing to catch it, then that is logged as the crash", async () => {
    const { code, lines } = await runLogging([
      "exitOnCrash(logger);",
      `Promise.reject(new Error("nobody awaited this"));`,
    ]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "crashed",
        err: expect.objectContaining({ message: "nobody awaited this" }),
      }),
    ]);
  });
});
