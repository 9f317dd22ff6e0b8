#!/usr/bin/env node
import { relative, resolve } from "node:path";
import { runStackLauncher } from "@voting/devstack";
import { REPO_ROOT, TUTORIAL_WALKS } from "@voting/manifests";
import { defaultPlaygroundDeps } from "./default-deps.js";
import { injectionLabelText, INSTALLS } from "./install.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { runKubectl } from "./kubectl.js";
import { type LaunchOptions, parseLaunchArgs, USAGE, UsageError } from "./launcher/options.js";
import { walkTo } from "./launcher/walk.js";
import { NAMESPACE, type Playground, startPlayground } from "./playground.js";

// `npm start`: the only module here with side effects (argv, env, signals, exit codes).
const print = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => print(`playground | ${line}`);

function parseOrExit() {
  try {
    return parseLaunchArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

/** Stops the playground once, on the first signal; a second signal exits at once. */
function stopOnSignals(stop: (reason: string, code: number) => void) {
  let signals = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      // Exiting stops every child still there: each one's lifeline closes (devstack's spawner).
      if (++signals > 1) process.exit(1);
      stop(`${signal} received`, 0);
    });
  }
}

/** The lines that say where things are and what to type next. */
function printBanner(options: LaunchOptions, playground: Playground, kubeconfig: string) {
  const install = INSTALLS[options.install];
  const variant = `${options.install}${options.gatewayApi ? ", Gateway API" : ""}`;
  const fromHere = relative(process.cwd(), kubeconfig);
  const exported = fromHere.startsWith("..") ? kubeconfig : `$PWD/${fromHere}`;
  print("");
  print(
    options.step === 0
      ? `Nothing is applied yet and namespace ${NAMESPACE} does not exist: create and label it (kubectl create namespace ${NAMESPACE}; kubectl label namespace ${NAMESPACE} ${injectionLabelText(install)}), then apply step 1 (docs/playground.md).`
      : `Applied the tutorial up to step ${options.step} (${variant}).`,
  );
  print(`The voting app (the ingress gateway): ${playground.ingressUrl}`);
  print(`  for i in {1..5}; do curl -si localhost:${options.ingressPort} | grep results; done`);
  if (playground.viewUrl) {
    print(`The live view of the mesh (Istio's metrics at /metrics): ${playground.viewUrl}`);
  }
  print(`kubectl talks to the playground's API (${playground.apiUrl}) in a shell where you type:`);
  print(`  export KUBECONFIG=${exported}`);
  print("Ctrl-C stops everything.");
  print("");
}

// When the reader of our output goes away (`npm start | head`), keep going and stop in order.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
const launch = parseOrExit();
if (launch.kind === "help") {
  print(USAGE);
  process.exit(0);
}
// The plain launcher runs in this process, which then supervises its services itself.
if (launch.kind === "stack") process.exit(await runStackLauncher(launch.argv));

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
stopOnSignals(stop);

try {
  playground = await startPlayground(options, defaultPlaygroundDeps(log));
  const install = INSTALLS[options.install];
  const kubeconfig = resolve(REPO_ROOT, options.kubeconfig);
  writeKubeconfig(kubeconfig, playground.apiUrl, NAMESPACE);
  const selector = Object.entries(install.ingressLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  log(`Istio install: ${install.name} (${install.title}).`);
  log(
    `The ingress serves the Istio Gateways whose selector fits its pods (${selector}) and every Gateway API Gateway; ` +
      `new pods get a sidecar while namespace ${NAMESPACE} is labelled ${injectionLabelText(install)}.`,
  );
  await walkTo(
    options.step,
    { kubectl: (argv) => runKubectl(argv, { kubeconfig, cwd: REPO_ROOT }), print },
    {
      walk: TUTORIAL_WALKS[options.gatewayApi ? "gateway-api" : options.install],
      injectionLabel: install.injectionLabel,
    },
  );
  printBanner(options, playground, kubeconfig);
} catch (error) {
  process.stderr.write(`Could not start the playground: ${(error as Error).message}\n`);
  stop("could not start", 1);
}
