import type { StoreEndpoints } from "../endpoints.js";
import { waitForReady } from "../readiness.js";
import type { ServiceCommand, ServiceName } from "../services.js";
import { describeStack, STACKS } from "../stacks.js";
import type { LauncherOptions } from "./options.js";
import { serviceEnv } from "./service-env.js";
import { bringUpStore, type StackStore, type StoreDeps } from "./stack-stores.js";
import { createSupervisor, type ServiceExit, type SupervisorOptions } from "./supervisor.js";

export interface StackDeps extends StoreDeps {
  /** Where the services' output goes (default: the launcher's own stdout and stderr). */
  output?: SupervisorOptions["output"];
  /** The launcher's environment, passed on to the services. */
  env: NodeJS.ProcessEnv;
  /** How a service starts, with the variables the stack gives it. */
  serviceCommand: (name: ServiceName, env: Record<string, string>) => ServiceCommand;
  isPortFree: (port: number) => Promise<boolean>;
  readyTimeoutMs: number;
  stopGraceMs: number;
}

export interface RunningStack {
  /** Brings up the store and both services. On failure, stop() cleans up what was started. */
  start(): Promise<{ url: string; summary: string }>;
  /** Stops the services (app first), then any private store; also aborts a start under way. */
  stop(): Promise<void>;
  /** Settles when a service exits on its own. */
  readonly firstExit: Promise<ServiceExit>;
}

export class StackStopped extends Error {
  override name = "StackStopped";
}

export function createStack(options: LauncherOptions, deps: StackDeps): RunningStack {
  const stack = STACKS[options.stack];
  const supervisor = createSupervisor({ output: deps.output });
  let store: StackStore | undefined;
  let stopping = false;
  let starting: Promise<unknown> | undefined;
  let stopped: Promise<void> | undefined;

  const checkNotStopping = () => {
    if (stopping) throw new StackStopped("stopped while starting");
  };

  const startService = async (
    name: ServiceName,
    version: string,
    port: number,
    stores: StoreEndpoints,
  ) => {
    const analyticsPort = options.analyticsPort;
    const env = serviceEnv({ base: deps.env, version, port, analyticsPort, stores });
    deps.log(`Starting ${name} ${version} on port ${port}.`);
    await supervisor.start({ name, ...deps.serviceCommand(name, env) });
    const url = `http://127.0.0.1:${port}/readyz`;
    const ready = await waitForReady({
      url,
      timeoutMs: deps.readyTimeoutMs,
      giveUp: () => supervisor.exitOf(name)?.description ?? (stopping ? "stopping" : undefined),
    });
    checkNotStopping();
    if (!ready.ok) throw new Error(`${name} did not become ready at ${url}: ${ready.reason}.`);
  };

  const start = async () => {
    await checkPortFree(deps, options.appPort, "the app");
    await checkPortFree(deps, options.analyticsPort, "voting-analytics");
    store = await bringUpStore(stack, options.stores, deps);
    checkNotStopping();
    const { endpoints } = store;
    await startService("voting-analytics", stack.analytics, options.analyticsPort, endpoints);
    await startService("voting-app", stack.app, options.appPort, endpoints);
    return {
      url: `http://localhost:${options.appPort}`,
      summary: describeStack(stack),
    };
  };

  return {
    start() {
      const run = start();
      starting = run.catch(() => {});
      return run;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await starting;
        await supervisor.stopAll(deps.stopGraceMs);
        await store?.release();
      })();
      return stopped;
    },
    firstExit: supervisor.firstExit,
  };
}

async function checkPortFree(deps: StackDeps, port: number, what: string): Promise<void> {
  if (await deps.isPortFree(port)) return;
  throw new Error(
    `Port ${port} (for ${what}) is already in use: is the app already running? ` +
      "Stop whatever listens there, or choose another port (--port / --analytics-port).",
  );
}
