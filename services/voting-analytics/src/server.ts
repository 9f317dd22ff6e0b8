import { hostname } from "node:os";
import { createLogger, exitOnSignals, failStart, Readiness, serve } from "@voting/common";
import { openStore } from "@voting/storage";
import { createAnalyticsApp } from "./app.js";
import { loadAnalyticsConfig } from "./config.js";
import { ANALYTICS_BEHAVIOUR } from "./versions.js";

// The only module with side effects: read config, open the store, listen, handle signals.
const bootLogger = createLogger("voting-analytics", process.env.SERVICE_VERSION ?? "?");
try {
  const config = loadAnalyticsConfig(process.env);
  const logger = createLogger("voting-analytics", config.SERVICE_VERSION, config.LOG_LEVEL);
  const store = openStore(ANALYTICS_BEHAVIOUR[config.SERVICE_VERSION].store, config);
  const readiness = new Readiness(() => store.ping());
  const app = createAnalyticsApp({
    version: config.SERVICE_VERSION,
    options: [config.VOTE1VALUE, config.VOTE2VALUE],
    store,
    readiness,
    logger,
  });
  const running = await serve({
    app,
    port: config.PORT,
    logger,
    readiness,
    closeClients: () => store.close(),
    drainDelayMs: config.SHUTDOWN_DELAY_MS,
  });
  exitOnSignals(running, logger);
  logger.info(
    { port: config.PORT, host: hostname(), store: store.kind },
    "voting-analytics listening",
  );
} catch (error) {
  failStart(bootLogger, error);
}
