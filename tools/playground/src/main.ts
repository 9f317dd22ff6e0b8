#!/usr/bin/env node
import { loadManifest, REPO_ROOT, TUTORIAL_WALKS } from "@voting/manifests";
import { defaultPlaygroundDeps } from "./default-deps.js";
import { runPlainLauncher } from "./launcher/delegate.js";
import { parseLaunchArgs, USAGE, UsageError, type Launch } from "./launcher/options.js";
import { walkTo } from "./launcher/walk.js";
import { injectionLabelText, INSTALLS } from "./install.js";
import { NAMESPACE, type Playground, startPlayground } from "./playground.js";

// `npm start`: the only module here with side effects (argv, env, signals, exit codes).
const print = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => print(`playground | ${line}`);
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

let launch: Launch;
try {
  launch = parseLaunchArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (launch.kind === "help") {
  print(USAGE);
  process.exit(0);
}
if (launch.kind === "stack") process.exit(await runPlainLauncher(launch.argv));

const { options } = launch;
let playground: Playground | undefined;
let stopping: Promise<void> | undefined;
const stop = (reason: string, code: number) => {
  stopping ??= (async () => {
    log(
      `${reason}; stopping the pods (each within its grace period; Ctrl-C again kills them now).`,
    );
    await playground?.stop();
    log("Stopped.");
    process.exit(code);
  })();
};
let signals = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // Exiting stops every child still there: each one's lifeline closes (devstack process/lifeline.ts).
    if (++signals > 1) process.exit(1);
    stop(`${signal} received`, 0);
  });
}

try {
  playground = await startPlayground(options, defaultPlaygroundDeps(log));
  const install = INSTALLS[options.install];
  const selector = Object.entries(install.ingressLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  log(`Istio install: ${install.name} (${install.title}).`);
  log(
    `The ingress serves the Istio Gateways whose selector fits its pods (${selector}) and every Gateway API Gateway; ` +
      `new pods get a sidecar while namespace ${NAMESPACE} is labelled ${injectionLabelText(install)}.`,
  );
  walkTo(
    options.step,
    { run: playground.run, load: (file) => loadManifest(file, REPO_ROOT), print },
    {
      walk: TUTORIAL_WALKS[options.gatewayApi ? "gateway-api" : options.install],
      injectionLabel: install.injectionLabel,
    },
  );
  print("");
  const variant = `${options.install}${options.gatewayApi ? ", Gateway API" : ""}`;
  print(
    options.step === 0
      ? `Nothing is applied yet and namespace ${NAMESPACE} is not labelled: label it (npm run label -- namespace ${NAMESPACE} ${injectionLabelText(install)}), then apply step 1 (docs/playground.md).`
      : `Applied the tutorial up to step ${options.step} (${variant}).`,
  );
  print(`The voting app (the ingress gateway): ${playground.ingressUrl}`);
  print(`  for i in {1..5}; do curl -si localhost:${options.ingressPort} | grep results; done`);
  print(
    "kubectl here: npm run apply -- -f FILE | npm run delete -- ... | npm run get -- pods | npm run label -- namespace voting KEY=VALUE",
  );
  print(`  (they talk to ${playground.controlUrl}). Ctrl-C stops everything.`);
  print("");
} catch (error) {
  process.stderr.write(`Could not start the playground: ${(error as Error).message}\n`);
  stop("could not start", 1);
}
