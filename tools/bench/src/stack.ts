import { imageCommand, type ServiceName, stackOnStore } from "@voting/devstack";
import type { StoreKind } from "@voting/storage";
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

/** voting-analytics, then voting-app pointed at it: the stack the tutorial runs on `backend`. */
export async function startStack(backend: StoreKind, env: StackEnv): Promise<Stack> {
  const versions = stackOnStore(backend);
  const pair = await startPair(
    asImageStarts("voting-analytics", env, {
      name: `analytics-${versions.analytics}`,
      vars: { SERVICE_VERSION: versions.analytics },
    }),
    (analytics) =>
      asImageStarts("voting-app", env, {
        name: `app-${versions.app}`,
        // The manifests deploy the page with its footer details and the feature-flag toggle.
        vars: {
          SERVICE_VERSION: versions.app,
          SHOWDETAILS: "true",
          FEATUREFLAG: "true",
          ANALYTICS_HOST: "127.0.0.1",
          ANALYTICS_PORT: new URL(analytics.url).port,
        },
      }),
  );
  return { backend, ...pair };
}
