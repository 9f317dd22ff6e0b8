import express from "express";
import {
  errorHandler,
  addHealthRoutes,
  type Logger,
  notFound,
  type Readiness,
  requestLog,
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
  app.set("etag", false);
  addHealthRoutes(app, deps.readiness);
  app.use(requestLog(deps.logger));

  app.get("/analytics", async (_req, res) => {
    const [first, second] = deps.options;
    const [firstCount = 0, secondCount = 0] = await deps.store.counts(deps.options);
    const tallies = [
      { name: first, count: firstCount },
      { name: second, count: secondCount },
    ];
    const body: AnalyticsResponse = {
      category1: tallies[0]!,
      category2: tallies[1]!,
      text: resultsText(tallies, format),
      version: deps.version,
      store: deps.store.kind,
    };
    res.set("cache-control", "no-store").json(body);
  });

  app.use(notFound);
  app.use(errorHandler((res, status, message) => res.json({ error: message, status })));
  return app;
}
