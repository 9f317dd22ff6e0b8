import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";

export interface ProcSpec {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go here. */
  logFile: string;
}

export interface Proc {
  readonly pid: number;
  readonly exited: Promise<string>;
  alive(): boolean;
  /** `signal` (SIGTERM), then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): Promise<string>;
}

const running = new Set<Proc>();

/**
 * Starts a process whose output goes straight to a file. The services log a line per request:
 * piping that into this process (as the dev launcher's supervisor does) would make the bench
 * parse tens of thousands of lines a second on the same two cores it is measuring.
 */
export async function spawnLogged(spec: ProcSpec): Promise<Proc> {
  const fd = openSync(spec.logFile, "a");
  const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  child.on("error", () => {});
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) =>
      resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`),
    ),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: Proc = {
    pid: child.pid!,
    exited,
    alive,
    async stop(graceMs = 5000, signal: NodeJS.Signals = "SIGTERM") {
      if (alive()) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      running.delete(proc);
    },
    async logTail(lines = 20) {
      const text = await readFile(spec.logFile, "utf8").catch(() => "");
      return text.trimEnd().split("\n").slice(-lines).join("\n");
    },
  };
  running.add(proc);
  installExitHook();
  return proc;
}

let hooked = false;

// Children must not outlive the bench, even when it fails half-way.
function installExitHook(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const proc of running) {
      try {
        process.kill(proc.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}
