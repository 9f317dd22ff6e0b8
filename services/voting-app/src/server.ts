import { hostname } from "node:os";
import { Readiness, runService } from "@voting/common";
import { meteredStore } from "@voting/storage";
import { openStore } from "@voting/storage/open";
import { HttpAnalyticsClient, meteredAnalytics } from "./analytics-client.js";
import { createVotingApp } from "./app.js";
import { loadAppConfig } from "./config.js";
import { APP_BEHAVIOUR } from "./versions.js";

// The only module with side effects: the process's environment, the clients, the listener.
await runService("voting-app", process.env, loadAppConfig, async (config, logger, metrics) => {
  const store = meteredStore(
    await openStore(APP_BEHAVIOUR[config.SERVICE_VERSION].store, config),
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
});
