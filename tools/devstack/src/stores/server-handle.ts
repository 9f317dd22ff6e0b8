import { isPortFree } from "../ports.js";
import { describeExit, startChild, type RunningChild } from "../process/child.js";
import { waitUntil } from "../wait.js";
import { readLogTail } from "./log-tail.js";
import type { ProbeResult } from "./probe.js";

/**
 * A private store server this process started. The fault-injection tests drive it: stop or kill
 * it to make the store unreachable, pause it to make it hang, restart it on the same port with
 * the same data.
 */
export interface StoreHandle {
  readonly host: string;
  readonly port: number;
  /** The current server process; a restart changes it. */
  readonly pid: number;
  readonly dataDir: string;
  /** Clean shutdown (SIGTERM, SIGKILL past a grace period); resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, with no chance to flush or say goodbye. */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open and requests hang unanswered. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Stops the server if it runs, and starts it again on the same port and data directory. */
  restart(): Promise<void>;
}

export interface ServerRecipe {
  /** For messages: "redis-server", "mariadbd". */
  name: string;
  host: string;
  port: number;
  dataDir: string;
  command: string;
  args: readonly string[];
  /** Where the server writes its own log, quoted when it fails to start. */
  logFile: string;
  ready: () => Promise<ProbeResult>;
  readyTimeoutMs: number;
  stopGraceMs: number;
}

/** Starts the server described by `recipe`, waits until it answers, and returns its handle. */
export async function startServer(recipe: ServerRecipe): Promise<StoreHandle> {
  let child = await launch(recipe);

  const stop = async () => {
    await child.stop(recipe.stopGraceMs);
  };
  const kill = async () => {
    child.signal("SIGKILL");
    await child.exited;
  };
  return {
    host: recipe.host,
    port: recipe.port,
    dataDir: recipe.dataDir,
    get pid() {
      return child.pid;
    },
    stop,
    kill,
    pause: () => child.signal("SIGSTOP"),
    resume: () => child.signal("SIGCONT"),
    restart: async () => {
      await stop();
      child = await launch(recipe);
    },
  };
}

async function launch(recipe: ServerRecipe): Promise<RunningChild> {
  const where = `${recipe.host}:${recipe.port}`;
  if (!(await isPortFree(recipe.port))) {
    throw new Error(`Cannot start ${recipe.name} on ${where}: the port is already in use.`);
  }
  const child = await startChild({ command: recipe.command, args: recipe.args });
  let exitedWith: string | undefined;
  void child.exited.then((exit) => (exitedWith = describeExit(exit)));
  let lastProbe = "";
  const result = await waitUntil(
    async () => {
      const probe = await recipe.ready();
      if (probe.status !== "ok") lastProbe = probe.message;
      return probe.status === "ok";
    },
    { timeoutMs: recipe.readyTimeoutMs, intervalMs: 100, giveUp: () => exitedWith },
  );
  if (result.ok) return child;

  await child.stop(2000);
  const reason = exitedWith ?? `${result.reason}${lastProbe ? ` (last probe: ${lastProbe})` : ""}`;
  const log = await readLogTail(recipe.logFile);
  const output = child.tail();
  throw new Error(
    [
      `${recipe.name} did not start on ${where}: ${reason}.`,
      `Command: ${recipe.command} ${recipe.args.join(" ")}`,
      ...(log.length ? [`Last lines of ${recipe.logFile}:`, ...log] : []),
      ...(output.length ? ["Its output:", ...output] : []),
    ].join("\n"),
  );
}
