import { type ChildProcess, spawn, type StdioOptions } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface ChildSpec {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Where its stdout and stderr go: "lines" (the default) reads them here, line by line, into
   * `onLine` and the tail; "inherit" hands them this process's own, so nothing is relayed;
   * `{ file }` appends both to a file, which the tail then reads.
   */
  output?: "lines" | "inherit" | { file: string };
  /** Each line the child writes, as it comes (with output "lines"). */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningChild {
  /** The program's own pid (not that of a watchdog in front of it). */
  readonly pid: number;
  /** Settles once, when the child has exited (or could not be started: code null, signal null). */
  readonly exited: Promise<ChildExit>;
  readonly alive: () => boolean;
  /** Signals the program's process group. */
  readonly signal: (signal: NodeJS.Signals) => void;
  /**
   * `signal` (SIGTERM unless told; with SIGCONT, so a paused child can act on it), then SIGKILL
   * after `graceMs`.
   */
  readonly stop: (graceMs: number, signal?: NodeJS.Signals) => Promise<ChildExit>;
  /** The last lines it wrote, for error messages (none with output "inherit"). */
  readonly tail: () => string[];
}

const TAIL_LINES = 40;

// The child's end of the lifeline, beside this file: lifeline.js in dist/, lifeline.ts in src/.
const LIFELINE = fileURLToPath(
  new URL(`./lifeline${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * Starts a child that dies with this process, however this process ends (see lifeline.ts): a
 * Node child (`command` is this Node) preloads the lifeline, any other program runs behind the
 * lifeline's watchdog. The child runs in its own process group, so a Ctrl-C in the terminal
 * reaches only this process, which then stops its children in order.
 * Rejects if the command cannot be started at all (missing binary, permissions).
 */
export async function startChild(spec: ChildSpec): Promise<RunningChild> {
  const node = spec.command === process.execPath;
  const output = spec.output ?? "lines";
  const logFd = typeof output === "object" ? openSync(output.file, "a") : undefined;
  const child = spawn(
    process.execPath,
    node
      ? ["--import", pathToFileURL(LIFELINE).href, ...spec.args]
      : [LIFELINE, spec.command, ...spec.args],
    {
      env: spec.env ?? process.env,
      cwd: spec.cwd,
      detached: true,
      // fd 3 is the lifeline: this process holds its other end until it dies.
      stdio: stdioFor(output, logFd),
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } finally {
    // The child holds its own copy of the log file's descriptor.
    if (logFd !== undefined) closeSync(logFd);
  }
  // After a successful spawn, "error" only reports a failed kill(); exit handling covers it.
  child.on("error", () => {});

  const tail = readOutput(child, output, spec.onLine);
  const exited = exitOf(child, output);
  const link = child.stdio[3] as Readable;
  const pid = node ? child.pid! : await programPid(link, spec.command, exited, tail);
  // Read the lifeline to its end, so it closes with the child.
  link.resume();
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals) => {
    if (alive()) signalGroup(pid, name);
  };

  const stop = async (graceMs: number, first: NodeJS.Signals = "SIGTERM"): Promise<ChildExit> => {
    if (alive()) {
      signal(first);
      signal("SIGCONT");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };

  return { pid, exited, alive, signal, stop, tail };
}

function stdioFor(output: ChildSpec["output"], logFd: number | undefined): StdioOptions {
  if (logFd !== undefined) return ["ignore", logFd, logFd, "pipe"];
  if (output === "inherit") return ["ignore", "inherit", "inherit", "pipe"];
  return ["ignore", "pipe", "pipe", "pipe"];
}

/** Starts collecting what the child writes; returns how to read its last lines. */
function readOutput(
  child: ChildProcess,
  output: NonNullable<ChildSpec["output"]>,
  onLine: ChildSpec["onLine"],
): () => string[] {
  if (output === "inherit") return () => [];
  if (typeof output === "object") {
    return () => {
      try {
        return readFileSync(output.file, "utf8").trimEnd().split("\n").slice(-TAIL_LINES);
      } catch {
        return [];
      }
    };
  }
  const lines: string[] = [];
  const collect = (stream: "stdout" | "stderr") => (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    onLine?.(line, stream);
  };
  createInterface({ input: child.stdout! }).on("line", collect("stdout"));
  createInterface({ input: child.stderr! }).on("line", collect("stderr"));
  return () => [...lines];
}

/** Settles once, when the child has exited and (for piped output) its last lines have arrived. */
function exitOf(child: ChildProcess, output: NonNullable<ChildSpec["output"]>): Promise<ChildExit> {
  return new Promise<ChildExit>((resolve) => {
    child.once("exit", (code, signal) => {
      const done = () => resolve({ code, signal });
      if (output !== "lines") return done();
      // Let the last lines arrive before anyone reads the tail, without waiting on a grandchild
      // that might still hold the pipes.
      const timer = setTimeout(done, 200);
      child.once("close", () => {
        clearTimeout(timer);
        done();
      });
    });
  });
}

/** The watchdog's first line on the lifeline: the program's pid, or why it did not start. */
async function programPid(
  link: Readable,
  command: string,
  exited: Promise<ChildExit>,
  tail: () => string[],
): Promise<number> {
  let text = "";
  const first = new Promise<string>((resolve) => {
    const read = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (!text.includes("\n")) return;
      link.off("data", read);
      resolve(text.slice(0, text.indexOf("\n")));
    };
    link.on("data", read);
  });
  const line = await Promise.race([first, exited.then(() => "")]);
  let message: { pid?: number; error?: string } = {};
  try {
    message = JSON.parse(line) as typeof message;
  } catch {
    // the watchdog ended without a word
  }
  if (message.pid) return message.pid;
  throw new Error(
    message.error ?? [`The watchdog of ${command} ended before starting it.`, ...tail()].join("\n"),
  );
}

/** Signals a whole process group; a group that is already gone is not an error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** "exited with code 1" / "was killed by SIGKILL", for messages. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? "unknown"}`;
}
