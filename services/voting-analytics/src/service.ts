import { hostname } from "node:os";
import { type Logger, Readiness, type ServiceMetrics, type ServiceParts } from "@voting/common";
import { openMeteredStore } from "@voting/storage/open";
import { createAnalyticsApp } from "./app.js";
import type { AnalyticsConfig } from "./config.js";
import { ANALYTICS_BEHAVIOUR } from "./versions.js";

/** voting-analytics from its config: the store it opens, and the app on it. */
export async function buildAnalyticsService(
  config: AnalyticsConfig,
  logger: Logger,
  metrics: ServiceMetrics,
): Promise<ServiceParts> {
  const store = await openMeteredStore(
    ANALYTICS_BEHAVIOUR[config.SERVICE_VERSION].store,
    config,
    metrics,
  );
  const readiness = new Readiness(() => store.ping());
  const app = createAnalyticsApp({
    version: config.SERVICE_VERSION,
    options: [config.VOTE1VALUE, config.VOTE2VALUE],
    store,
    readiness,
    logger,
    metrics,
  });
  return {
    app,
    readiness,
    closeClients: () => store.close(),
    details: { host: hostname(), store: store.kind },
  };
}
