import { hostname } from "node:os";
import { type Logger, Readiness, type ServiceMetrics, type ServiceParts } from "@voting/common";
import { openMeteredStore } from "@voting/storage/open";
import { HttpAnalyticsClient, meteredAnalytics } from "./analytics-client.js";
import { createVotingApp } from "./app.js";
import type { AppConfig } from "./config.js";
import { APP_BEHAVIOUR } from "./versions.js";

/** voting-app from its config: the store and the analytics client it opens, and the app on them. */
export async function buildVotingService(
  config: AppConfig,
  logger: Logger,
  metrics: ServiceMetrics,
): Promise<ServiceParts> {
  const store = await openMeteredStore(
    APP_BEHAVIOUR[config.SERVICE_VERSION].store,
    config,
    metrics,
  );
  const analytics = meteredAnalytics(
    new HttpAnalyticsClient(
      `http://${config.ANALYTICS_HOST}:${config.ANALYTICS_PORT}`,
      config.ANALYTICS_TIMEOUT_MS,
    ),
    metrics,
  );
  const readiness = new Readiness(() => store.ping());
  const host = config.HOSTNAME || hostname();
  const app = createVotingApp({
    settings: {
      title: config.TITLE,
      options: [config.VOTE1VALUE, config.VOTE2VALUE],
      appVersion: config.SERVICE_VERSION,
      showDetails: config.SHOWDETAILS,
      offerFeatureFlag: config.FEATUREFLAG,
      host,
      store: store.kind,
    },
    store,
    analytics,
    readiness,
    logger,
    metrics,
  });
  return {
    app,
    readiness,
    closeClients: async () => {
      await Promise.all([store.close(), analytics.close()]);
    },
    details: { host, store: store.kind },
  };
}
