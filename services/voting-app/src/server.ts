import { hostname } from "node:os";
import { createLogger, exitOnSignals, failStart, Readiness, serve } from "@voting/common";
import { openStore } from "@voting/storage";
import { HttpAnalyticsClient } from "./analytics-client.js";
import { createVotingApp } from "./app.js";
import { loadAppConfig } from "./config.js";
import { APP_BEHAVIOUR } from "./versions.js";

// The only module with side effects: read config, open clients, listen, handle signals.
const bootLogger = createLogger("voting-app", process.env.SERVICE_VERSION ?? "?");
try {
  const config = loadAppConfig(process.env);
  const logger = createLogger("voting-app", config.SERVICE_VERSION, config.LOG_LEVEL);
  const store = openStore(APP_BEHAVIOUR[config.SERVICE_VERSION].store, config);
  const analytics = new HttpAnalyticsClient(
    `http://${config.ANALYTICS_HOST}:${config.ANALYTICS_PORT}`,
    config.ANALYTICS_TIMEOUT_MS,
  );
  const readiness = new Readiness(() => store.ping());
  const app = createVotingApp({
    settings: {
      title: config.TITLE,
      options: [config.VOTE1VALUE, config.VOTE2VALUE],
      appVersion: config.SERVICE_VERSION,
      showDetails: config.SHOWDETAILS,
      offerFeatureFlag: config.FEATUREFLAG,
      host: config.HOSTNAME || hostname(),
      store: store.kind,
    },
    store,
    analytics,
    readiness,
    logger,
  });
  const running = await serve({
    app,
    port: config.PORT,
    logger,
    readiness,
    closeClients: async () => {
      await Promise.all([store.close(), analytics.close()]);
    },
    drainDelayMs: config.SHUTDOWN_DELAY_MS,
  });
  exitOnSignals(running, logger);
  logger.info(
    { port: config.PORT, host: config.HOSTNAME || hostname(), store: store.kind },
    "voting-app listening",
  );
} catch (error) {
  failStart(bootLogger, error);
}
