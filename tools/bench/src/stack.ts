import { join } from "node:path";
import { imageNodeEnv, SERVICE_NODE_FLAGS, type SERVICE_NODE_OPTIONS } from "@voting/common";
import { repoRoot } from "@voting/devstack";
import { startPair, type ServicePair, type ServiceSpec } from "./procs/service.js";

export type Backend = "redis" | "mysql";
export const BACKENDS: readonly Backend[] = ["redis", "mysql"];

/** Which builds serve each backend: the tutorial's 1.0 page on Redis, its 2.0 page on MySQL. */
export const STACK_VERSIONS: Record<Backend, { app: string; analytics: string }> = {
  redis: { app: "1.0", analytics: "1.1" },
  mysql: { app: "2.0", analytics: "2.0" },
};

export interface Stack extends ServicePair {
  backend: Backend;
}

export interface StackEnv {
  /** REDIS_* and MYSQL_* of the bench's stores. */
  stores: Record<string, string>;
  /** NODE_OPTIONS to run the services with instead of the images', when trying runtime flags. */
  nodeOptions?: string | null;
  /** Where the services' logs go. */
  dir: string;
}

/** The variables a service gets: production mode, logging and heap, as its image ships them. */
export function productionEnv(
  service: keyof typeof SERVICE_NODE_OPTIONS,
  stores: Record<string, string>,
  nodeOptions?: string | null,
): Record<string, string> {
  return {
    ...imageNodeEnv(service),
    // An empty --node-options= runs the services on Node's defaults.
    ...(nodeOptions != null ? { NODE_OPTIONS: nodeOptions } : {}),
    LOG_LEVEL: "info",
    ...stores,
  };
}

/**
 * How a process is started as the image starts `service`: the command's flags before the entry
 * point, and production variables with the bench's stores. `vars` are added to those.
 */
export function asImageStarts(
  service: keyof typeof SERVICE_NODE_OPTIONS,
  env: StackEnv,
  spec: { name: string; script: string; vars?: Record<string, string>; readyPath?: string },
): ServiceSpec {
  const { vars, ...rest } = spec;
  return {
    ...rest,
    nodeFlags: SERVICE_NODE_FLAGS,
    env: { ...productionEnv(service, env.stores, env.nodeOptions), ...vars },
    dir: env.dir,
  };
}

export function serviceScript(service: "app" | "analytics"): string {
  const folder = service === "app" ? "voting-app" : "voting-analytics";
  return join(repoRoot(), "services", folder, "dist", "server.js");
}

/** voting-analytics, then voting-app pointed at it, each a process of its own. */
export async function startStack(backend: Backend, env: StackEnv): Promise<Stack> {
  const versions = STACK_VERSIONS[backend];
  const pair = await startPair(
    asImageStarts("voting-analytics", env, {
      name: `analytics-${versions.analytics}`,
      script: serviceScript("analytics"),
      vars: { SERVICE_VERSION: versions.analytics },
    }),
    (analytics) =>
      asImageStarts("voting-app", env, {
        name: `app-${versions.app}`,
        script: serviceScript("app"),
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
