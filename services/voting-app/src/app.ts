import express from "express";
import { fileURLToPath } from "node:url";
import {
  createServiceMetrics,
  errorHandler,
  addHealthRoutes,
  type Logger,
  notFound,
  type Readiness,
  requestLog,
  type ServiceMetrics,
} from "@voting/common";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient } from "./analytics-client.js";
import type { PageSettings } from "./page.js";
import { addVotingRoutes } from "./routes.js";
import { compileViews } from "./views.js";

const PUBLIC = fileURLToPath(new URL("../public", import.meta.url));

export interface VotingAppDeps {
  settings: PageSettings;
  store: VoteStore;
  analytics: AnalyticsClient;
  readiness: Readiness;
  logger: Logger;
  /** Where the app counts its requests and votes; its own registry unless given one. */
  metrics?: ServiceMetrics;
}

export function createVotingApp(deps: VotingAppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Every answer is sent with no-store, so no client ever revalidates it with an ETag.
  app.set("etag", false);
  const views = compileViews();
  const metrics =
    deps.metrics ??
    createServiceMetrics({ service: "voting-app", version: deps.settings.appVersion });

  app.use(metrics.httpMetrics);
  // Scrapes and probes come every few seconds: they stay out of the request log.
  app.get("/metrics", metrics.metricsHandler);
  addHealthRoutes(app, deps.readiness);
  app.use("/static", express.static(PUBLIC, { maxAge: "1h", index: false, redirect: false }));
  app.use(requestLog(deps.logger));
  addVotingRoutes(app, { ...deps, views, metrics });

  app.use(notFound);
  app.use(
    errorHandler((res, status, message) => {
      res
        .set("cache-control", "no-store")
        .type("html")
        .send(views.error({ title: deps.settings.title, status, message }));
    }),
  );
  return app;
}
