import { join } from "node:path";
import { repoRoot, startChild, type RunningChild } from "@voting/devstack";

/**
 * `npm start -- --stack X`: the plain launcher of the voting app, as a child that dies with this
 * process. It runs in its own process group (as every child of startChild), so a Ctrl-C in the
 * terminal reaches only this process: each signal is passed on, and its exit code passed back.
 */
export async function runPlainLauncher(argv: readonly string[]): Promise<number> {
  const entry = join(repoRoot(), "packages", "devstack", "dist", "start-stack.js");
  let child: RunningChild;
  try {
    child = await startChild({
      command: process.execPath,
      args: [entry, ...argv],
      onLine: (line, stream) => process[stream].write(`${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`Could not run ${entry}: ${(error as Error).message}\n`);
    return 1;
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.signal(signal));
  }
  const exit = await child.exited;
  return exit.code ?? 1;
}
