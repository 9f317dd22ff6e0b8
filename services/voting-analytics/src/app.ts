import express from "express";
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
import { resultsText } from "./results-text.js";
import { ANALYTICS_BEHAVIOUR, type AnalyticsVersion } from "./versions.js";

export interface AnalyticsDeps {
  version: AnalyticsVersion;
  /** The two vote options, in page order. */
  options: readonly [string, string];
  store: VoteStore;
  readiness: Readiness;
  logger: Logger;
  /** Where the app counts its requests; its own registry unless given one. */
  metrics?: ServiceMetrics;
}

/** The JSON voting-app reads; `version` and `store` say which build answered. */
export interface AnalyticsResponse {
  category1: { name: string; count: number };
  category2: { name: string; count: number };
  text: string;
  version: AnalyticsVersion;
  store: VoteStore["kind"];
}

export function createAnalyticsApp(deps: AnalyticsDeps): express.Express {
  const { format } = ANALYTICS_BEHAVIOUR[deps.version];
  const app = express();
  app.disable("x-powered-by");
  // Answers are sent with no-store, so no client ever revalidates them with an ETag.
  app.set("etag", false);
  const metrics =
    deps.metrics ?? createServiceMetrics({ service: "voting-analytics", version: deps.version });
  app.use(metrics.httpMetrics);
  // Scrapes and probes come every few seconds: they stay out of the request log.
  app.get("/metrics", metrics.metricsHandler);
  addHealthRoutes(app, deps.readiness);
  app.use(requestLog(deps.logger));

  const [first, second] = deps.options;
  app.get("/analytics", async (_req, res) => {
    const [firstCount = 0, secondCount = 0] = await deps.store.counts(deps.options);
    const tallies = [
      { name: first, count: firstCount },
      { name: second, count: secondCount },
    ];
    const answer: AnalyticsResponse = {
      category1: tallies[0]!,
      category2: tallies[1]!,
      text: resultsText(tallies, format),
      version: deps.version,
      store: deps.store.kind,
    };
    res.set("cache-control", "no-store").json(answer);
  });

  app.use(notFound);
  app.use(errorHandler((res, status, message) => res.json({ error: message, status })));
  return app;
}
