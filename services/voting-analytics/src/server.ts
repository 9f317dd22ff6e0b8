import { hostname } from "node:os";
import { Readiness, runService } from "@voting/common";
import { meteredStore } from "@voting/storage";
import { openStore } from "@voting/storage/open";
import { createAnalyticsApp } from "./app.js";
import { loadAnalyticsConfig } from "./config.js";
import { ANALYTICS_BEHAVIOUR } from "./versions.js";

// The only module with side effects: the process's environment, the store, the listener.
await runService(
  "voting-analytics",
  process.env,
  loadAnalyticsConfig,
  async (config, logger, metrics) => {
    const store = meteredStore(
      await openStore(ANALYTICS_BEHAVIOUR[config.SERVICE_VERSION].store, config),
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
  },
);
