import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "@voting/devstack";

/**
 * `npm start -- --stack X`: the plain launcher of the voting app, in the foreground. Ctrl-C
 * reaches it directly (same terminal), so this process only waits and passes its exit code on.
 */
export function runPlainLauncher(argv: readonly string[]): Promise<number> {
  const entry = join(repoRoot(), "packages", "devstack", "dist", "start-stack.js");
  const child = spawn(process.execPath, [entry, ...argv], { stdio: "inherit" });
  const ignore = () => {};
  for (const signal of ["SIGINT", "SIGHUP"] as const) process.on(signal, ignore);
  const forward = () => child.kill("SIGTERM");
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.once("error", (error) => {
      process.stderr.write(`Could not run ${entry}: ${error.message}\n`);
      resolve(1);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
