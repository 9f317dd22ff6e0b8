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
import { ANALYTICS_BEHAVIOUR, type AnalyticsVersion, type ResultsFormat } from "./versions.js";

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

/**
 * The answer for a pair of counts, as JSON bytes. The last one is kept: between two votes every
 * request gets the same answer, and building and encoding it again was a tenth of a request's CPU.
 */
function lastAnswerKept(
  deps: AnalyticsDeps,
  format: ResultsFormat,
): (firstCount: number, secondCount: number) => Buffer {
  const [first, second] = deps.options;
  let kept = { firstCount: -1, secondCount: -1, body: Buffer.alloc(0) };
  return (firstCount, secondCount) => {
    if (firstCount === kept.firstCount && secondCount === kept.secondCount) return kept.body;
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
    kept = { firstCount, secondCount, body: Buffer.from(JSON.stringify(answer), "utf8") };
    return kept.body;
  };
}

export function createAnalyticsApp(deps: AnalyticsDeps): express.Express {
  const { format } = ANALYTICS_BEHAVIOUR[deps.version];
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  addHealthRoutes(app, deps.readiness);
  app.use(requestLog(deps.logger));

  const answerFor = lastAnswerKept(deps, format);
  app.get("/analytics", async (_req, res) => {
    const [firstCount = 0, secondCount = 0] = await deps.store.counts(deps.options);
    // Plain setHeader: Express's res.json() and res.set() look the type up and parse it again
    // on every request, for headers that never change.
    res.setHeader("cache-control", "no-store");
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.send(answerFor(firstCount, secondCount));
  });

  app.use(notFound);
  app.use(errorHandler((res, status, message) => res.json({ error: message, status })));
  return app;
}
