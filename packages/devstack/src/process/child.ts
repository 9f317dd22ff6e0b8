import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { signalGroup, trackChild } from "./reaper.js";

export interface ChildSpec {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Each line the child writes, as it comes. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningChild {
  readonly pid: number;
  /** Settles once, when the child has exited (or could not be started: code null, signal null). */
  readonly exited: Promise<ChildExit>;
  readonly alive: () => boolean;
  /** Signals the child's process group. */
  readonly signal: (signal: NodeJS.Signals) => void;
  /** SIGTERM (and SIGCONT, so a paused child can act on it), then SIGKILL after `graceMs`. */
  readonly stop: (graceMs: number) => Promise<ChildExit>;
  /** The last lines it wrote, for error messages. */
  readonly tail: () => string[];
}

const TAIL_LINES = 40;

/**
 * Starts a child in its own process group, tracked so that it dies with this process.
 * Rejects if the command cannot be started at all (missing binary, permissions).
 */
export async function startChild(spec: ChildSpec): Promise<RunningChild> {
  const child = spawn(spec.command, spec.args, {
    env: spec.env ?? process.env,
    cwd: spec.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  trackChild(child);
  // After a successful spawn, "error" only reports a failed kill(); exit handling covers it.
  child.on("error", () => {});

  const lines: string[] = [];
  const collect = (stream: "stdout" | "stderr") => (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    spec.onLine?.(line, stream);
  };
  createInterface({ input: child.stdout }).on("line", collect("stdout"));
  createInterface({ input: child.stderr }).on("line", collect("stderr"));

  const exited = new Promise<ChildExit>((resolve) => {
    child.once("exit", (code, signal) => {
      // Let the last lines arrive before anyone reads the tail, without waiting on a grandchild
      // that might still hold the pipes.
      const done = () => resolve({ code, signal });
      const timer = setTimeout(done, 200);
      child.once("close", () => {
        clearTimeout(timer);
        done();
      });
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;

  const stop = async (graceMs: number): Promise<ChildExit> => {
    if (alive()) {
      signalGroup(child, "SIGTERM");
      signalGroup(child, "SIGCONT");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };

  return {
    pid: child.pid!,
    exited,
    alive,
    signal: (signal) => void signalGroup(child, signal),
    stop,
    tail: () => [...lines],
  };
}

/** "exited with code 1" / "was killed by SIGKILL", for messages. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? "unknown"}`;
}
