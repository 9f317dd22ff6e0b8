#!/usr/bin/env node
import { defaultStackDeps } from "./launcher/default-deps.js";
import { parseLauncherArgs, USAGE, UsageError } from "./launcher/options.js";
import { createStack, StackStopped } from "./launcher/run-stack.js";

// The launcher behind `npm start`: the only module here with side effects (argv, env, signals,
// exit codes). Launcher messages go to stderr, the services' log lines to stdout.
const log = (message: string) => process.stderr.write(`${"stack".padEnd(16)} | ${message}\n`);
const output = (line: string) => process.stdout.write(`${line}\n`);
// When the reader of our output goes away (`npm start | head`, a closed terminal), keep going so
// that the services and stores are still stopped in order.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

let command;
try {
  command = parseLauncherArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (command.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const stack = createStack(command.options, defaultStackDeps({ log, output }));
let exitCode: number | undefined;

const shutDown = async (reason: string, code: number) => {
  if (exitCode !== undefined) return;
  exitCode = code;
  log(reason);
  log("Stopping.");
  await stack.stop();
  log("Stopped.");
  process.exit(code);
};

let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  // A second Ctrl-C means "now": exiting stops every child still there, as its lifeline closes
  // (see process/lifeline.ts).
  if (++signals > 1) {
    log(`${signal} again; killing everything now.`);
    process.exit(1);
  }
  void shutDown(`${signal} received.`, 0);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);

void stack.firstExit.then((exit) => shutDown(`${exit.description}.`, 1));

try {
  const { url, summary } = await stack.start();
  process.stderr.write(`\nVoting app (${summary}) at ${url}  (Ctrl-C stops it)\n\n`);
} catch (error) {
  if (!(error instanceof StackStopped)) {
    await shutDown(`Could not start: ${(error as Error).message}`, 1);
  }
}
