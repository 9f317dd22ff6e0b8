import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isoTimeOncePerMillisecond } from "../src/logger.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("isoTimeOncePerMillisecond", () => {
  it("writes the same time field as pino's isoTime, for the current millisecond", () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-22T03:04:05.678Z") });
    const time = isoTimeOncePerMillisecond();
    expect(time()).toBe(',"time":"2026-11-22T03:04:05.678Z"');
    expect(time()).toBe(pino.stdTimeFunctions.isoTime());
  });

  it("moves on with the clock, one millisecond at a time", () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-22T03:04:05.678Z") });
    const time = isoTimeOncePerMillisecond();
    expect(time()).toBe(',"time":"2026-11-22T03:04:05.678Z"');
    vi.advanceTimersByTime(1);
    expect(time()).toBe(',"time":"2026-11-22T03:04:05.679Z"');
    vi.setSystemTime(Date.parse("2027-01-01T00:00:00.000Z"));
    expect(time()).toBe(',"time":"2027-01-01T00:00:00.000Z"');
  });
});

describe("createLogger", () => {
  it("when a process logs a line and is SIGKILLed right after, then the line is on its stdout", async () => {
    // The process kills itself on the very next statement: nothing that runs later, a timer
    // or an exit handler, can write the line for it.
    const script = [
      `import { createLogger } from ${JSON.stringify(fileURLToPath(new URL("../src/logger.ts", import.meta.url)))};`,
      `createLogger("svc", "9.9").info({ step: 1 }, "last words before the kill");`,
      `process.kill(process.pid, "SIGKILL");`,
    ].join("\n");
    const child = spawn(process.execPath, ["--input-type=module", "--eval", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const [code, signal] = (await once(child, "close")) as [number | null, string | null];

    expect({ code, signal, stderr }).toEqual({ code: null, signal: "SIGKILL", stderr: "" });
    const lines = stdout.split("\n").filter(Boolean);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        msg: "last words before the kill",
        step: 1,
        service: "svc",
        version: "9.9",
      }),
    ]);
  });
});
