import { join } from "node:path";
import { imageNodeEnv, SERVICE_NODE_FLAGS, type SERVICE_NODE_OPTIONS } from "@voting/common";
import { repoRoot } from "@voting/devstack";
import { startPair, type ServicePair } from "./procs/service.js";

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

export function serviceScript(service: "app" | "analytics"): string {
  const folder = service === "app" ? "voting-app" : "voting-analytics";
  return join(repoRoot(), "services", folder, "dist", "server.js");
}

/** voting-analytics, then voting-app pointed at it, each a process of its own. */
export async function startStack(backend: Backend, env: StackEnv): Promise<Stack> {
  const versions = STACK_VERSIONS[backend];
  const pair = await startPair(
    {
      name: `analytics-${versions.analytics}`,
      script: serviceScript("analytics"),
      nodeFlags: SERVICE_NODE_FLAGS,
      env: {
        ...productionEnv("voting-analytics", env.stores, env.nodeOptions),
        SERVICE_VERSION: versions.analytics,
      },
      dir: env.dir,
    },
    (analytics) => ({
      name: `app-${versions.app}`,
      script: serviceScript("app"),
      nodeFlags: SERVICE_NODE_FLAGS,
      // The manifests deploy the page with its footer details and the feature-flag toggle.
      env: {
        ...productionEnv("voting-app", env.stores, env.nodeOptions),
        SERVICE_VERSION: versions.app,
        SHOWDETAILS: "true",
        FEATUREFLAG: "true",
        ANALYTICS_HOST: "127.0.0.1",
        ANALYTICS_PORT: new URL(analytics.url).port,
      },
      dir: env.dir,
    }),
  );
  return { backend, ...pair };
}
