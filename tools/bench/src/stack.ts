import { imageCommand, type ServiceName, stackOnStore } from "@voting/devstack";
import type { StoreKind } from "@voting/storage";
import { distFile } from "./dist-file.js";
import { startPair, type ServicePair, type ServiceSpec } from "./procs/service.js";

export const BACKENDS: readonly StoreKind[] = ["redis", "mysql"];

export interface Stack extends ServicePair {
  backend: StoreKind;
}

export interface StackEnv {
  /** REDIS_* and MYSQL_* of the bench's stores. */
  stores: Record<string, string>;
  /** NODE_OPTIONS to start the services with, when trying Node's options; null for none. */
  nodeOptions?: string | null;
  /** Where the services' logs go. */
  dir: string;
}

/** What the bench adds to the image's variables: a log line per request, and its stores. */
export function benchVariables(env: StackEnv): Record<string, string> {
  return {
    LOG_LEVEL: "info",
    ...env.stores,
    ...(env.nodeOptions != null ? { NODE_OPTIONS: env.nodeOptions } : {}),
  };
}

/**
 * A process started as the image starts `service` (devstack's record of its Dockerfile), with
 * the bench's variables and `vars`; `script` runs another entry point (the bare page's) the same
 * way.
 */
export function asImageStarts(
  service: ServiceName,
  env: StackEnv,
  spec: { name: string; script?: string; vars?: Record<string, string>; readyPath?: string },
): ServiceSpec {
  const variables = { ...benchVariables(env), ...spec.vars };
  return {
    name: spec.name,
    readyPath: spec.readyPath,
    dir: env.dir,
    ...imageCommand(service, variables, spec.script),
  };
}

/**
 * voting-analytics, then voting-app pointed at it: the stack the tutorial runs on `backend`.
 * `unmetered` starts both through unmetered-service.ts, with metrics that record nothing.
 */
export async function startStack(
  backend: StoreKind,
  env: StackEnv,
  { unmetered = false } = {},
): Promise<Stack> {
  const versions = stackOnStore(backend);
  const entry = (
    service: ServiceName,
    name: string,
  ): { name: string; script?: string; vars: Record<string, string> } =>
    unmetered
      ? {
          name: `${name}-unmetered`,
          script: distFile("unmetered-service.js"),
          vars: { UNMETERED_SERVICE: service },
        }
      : { name, vars: {} };
  const analytics = entry("voting-analytics", `analytics-${versions.analytics}`);
  const app = entry("voting-app", `app-${versions.app}`);
  const pair = await startPair(
    asImageStarts("voting-analytics", env, {
      ...analytics,
      vars: { ...analytics.vars, SERVICE_VERSION: versions.analytics },
    }),
    (started) =>
      asImageStarts("voting-app", env, {
        ...app,
        // The manifests deploy the page with its footer details and the feature-flag toggle.
        vars: {
          ...app.vars,
          SERVICE_VERSION: versions.app,
          SHOWDETAILS: "true",
          FEATUREFLAG: "true",
          ANALYTICS_HOST: "127.0.0.1",
          ANALYTICS_PORT: new URL(started.url).port,
        },
      }),
  );
  return { backend, ...pair };
}
