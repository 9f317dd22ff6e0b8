import { findFreePort, stackOnStore } from "@voting/devstack";
import type { StoreKind } from "@voting/storage";
import { type DelayProxy, startDelayProxy } from "../net/delay-proxy.js";
import { createHttpClient, type HttpClient } from "../net/http-client.js";
import type { Resources } from "./resources.js";
import { type ServiceProcess, startService } from "./service.js";
import { type StoreUnderTest, storeFor } from "./stores.js";

export interface StackOptions {
  store: StoreUnderTest;
  /** Variables for both services (TITLE, VOTE1VALUE, VOTE2VALUE...). */
  env?: Record<string, string>;
  appEnv?: Record<string, string>;
  analyticsEnv?: Record<string, string>;
  /** Route the app's analytics calls through a proxy that can delay them. */
  withProxy?: boolean;
}

/** voting-app in front of voting-analytics, both real processes on one store. */
export interface Stack {
  readonly app: ServiceProcess;
  /** The current analytics process; `restartAnalytics` replaces it. */
  readonly analytics: ServiceProcess;
  readonly proxy: DelayProxy | undefined;
  readonly store: StoreUnderTest;
  readonly options: readonly [string, string];
  /** Starts analytics again on its port (after it was killed). */
  restartAnalytics(): Promise<void>;
}

export async function startStack(options: StackOptions, resources: Resources): Promise<Stack> {
  const { store } = options;
  const versions = stackOnStore(store.backend);
  const shared = { ...store.env, ...options.env };
  const analyticsPort = await findFreePort();
  const analyticsSpec = {
    service: "voting-analytics" as const,
    env: { ...shared, SERVICE_VERSION: versions.analytics, ...options.analyticsEnv },
    port: analyticsPort,
  };
  const proxy = options.withProxy
    ? resources.add(await startDelayProxy({ host: "127.0.0.1", port: analyticsPort }), (p) =>
        p.close(),
      )
    : undefined;
  // The app does not need analytics to become ready, so both start at once.
  const [analyticsStarted, appStarted] = await Promise.allSettled([
    startService(analyticsSpec),
    startService({
      service: "voting-app",
      env: {
        ...shared,
        SERVICE_VERSION: versions.app,
        ANALYTICS_HOST: "127.0.0.1",
        ANALYTICS_PORT: String(proxy?.port ?? analyticsPort),
        ...options.appEnv,
      },
    }),
  ]);
  for (const started of [analyticsStarted, appStarted]) {
    if (started.status === "fulfilled") resources.add(started.value, stopIfAlive);
  }
  for (const started of [analyticsStarted, appStarted]) {
    if (started.status === "rejected") throw started.reason;
  }
  let analytics = (analyticsStarted as PromiseFulfilledResult<ServiceProcess>).value;
  const app = (appStarted as PromiseFulfilledResult<ServiceProcess>).value;
  return {
    app,
    get analytics() {
      return analytics;
    },
    proxy,
    store,
    options: [shared.VOTE1VALUE ?? "Cats", shared.VOTE2VALUE ?? "Dogs"],
    restartAnalytics: async () => {
      analytics = resources.add(await startService(analyticsSpec), stopIfAlive);
    },
  };
}

async function stopIfAlive(service: ServiceProcess): Promise<void> {
  if (service.alive()) await service.stop();
}

/**
 * A store of `backend` no fault will touch, the stack on it, and a client of its app with
 * `connections` sockets: what a scenario that only loads the stack needs, all closed with
 * `resources`.
 */
export async function loadedStack(
  backend: StoreKind,
  connections: number,
  resources: Resources,
): Promise<{ store: StoreUnderTest; stack: Stack; client: HttpClient }> {
  const store = resources.add(await storeFor(backend), (s) => s.close());
  const stack = await startStack({ store }, resources);
  const client = resources.add(
    createHttpClient(stack.app.origin, { connections, timeoutMs: 10_000 }),
    async (c) => c.close(),
  );
  return { store, stack, client };
}
