import { defaultStackDeps } from "./default-deps.js";
import { parseLauncherArgs, USAGE, UsageError } from "./options.js";
import { createStack, StackStopped } from "./run-stack.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * `npm start -- --stack X` in the calling process: parses the arguments, runs the stack until a
 * signal or a service's death, stops it, and resolves to the exit code. The caller is the one
 * process that supervises the services: they are its own children, writing straight to its
 * stdout and stderr. A second signal exits at once (each child's lifeline then stops it).
 */
export async function runStackLauncher(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const log = (message: string) => process.stderr.write(`${"stack".padEnd(16)} | ${message}\n`);
  let command;
  try {
    command = parseLauncherArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const stack = createStack(command.options, { ...defaultStackDeps(log), env });
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let exitCode: number | undefined;
  const shutDown = async (reason: string, code: number) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    log(`${reason} Stopping.`);
    await stack.stop();
    log("Stopped.");
    finish(code);
  };

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      log(`${signal} again; killing everything now.`);
      process.exit(1);
    }
    void shutDown(`${signal} received.`, 0);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  void stack.firstExit.then((exit) => shutDown(`${exit.description}.`, 1));

  try {
    const { url, summary } = await stack.start();
    process.stderr.write(`\nVoting app (${summary}) at ${url}  (Ctrl-C stops it)\n\n`);
  } catch (error) {
    if (!(error instanceof StackStopped)) {
      await shutDown(`Could not start: ${(error as Error).message}`, 1);
    }
  }
  const code = await finished;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  return code;
}
