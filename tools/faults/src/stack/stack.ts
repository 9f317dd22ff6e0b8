import { findFreePort } from "@voting/devstack";
import { type DelayProxy, startDelayProxy } from "../net/delay-proxy.js";
import type { Resources } from "./resources.js";
import { type ServiceProcess, startService } from "./service.js";
import type { Backend, StoreUnderTest } from "./stores.js";

/** The versions that go together on each store, as in the tutorial's steps 2 and 3. */
export const VERSIONS: Record<Backend, { app: string; analytics: string }> = {
  redis: { app: "1.0", analytics: "1.1" },
  mysql: { app: "2.0", analytics: "2.0" },
};

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
  const versions = VERSIONS[store.backend];
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
