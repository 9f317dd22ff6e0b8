import { fork, type ChildProcess } from "node:child_process";
import { distFile } from "../dist-file.js";
import type { LoadResult, LoadSpec } from "./spec.js";

export interface LoadGenerator {
  /** The load process, so its CPU time can be told apart from the rest of the machine. */
  readonly pid: number;
  /** Runs one load and resolves with what it measured; runs are one at a time. */
  run(spec: LoadSpec): Promise<LoadResult>;
  close(): Promise<void>;
}

type Reply = { ok: true; result: LoadResult } | { ok: false; message: string };

/** Starts the load process (autocannon), which runs the loads it is sent, one after another. */
export async function startLoadGenerator(): Promise<LoadGenerator> {
  const child: ChildProcess = fork(distFile("load/load-process.js"), [], { stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  let exit: string | undefined;
  const waiting: { resolve(reply: Reply): void }[] = [];
  child.on("message", (reply: Reply) => waiting.shift()?.resolve(reply));
  child.once("exit", (code, signal) => {
    exit = `the load process exited (${signal ?? code})`;
    for (const waiter of waiting.splice(0)) waiter.resolve({ ok: false, message: exit });
  });
  return {
    pid: child.pid!,
    async run(spec) {
      if (exit) throw new Error(exit);
      const reply = new Promise<Reply>((resolve) => waiting.push({ resolve }));
      child.send(spec);
      const answer = await reply;
      if (!answer.ok) throw new Error(`load on ${spec.url} failed: ${answer.message}`);
      return answer.result;
    },
    async close() {
      if (exit) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
