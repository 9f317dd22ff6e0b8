import type { Request, RequestHandler, Response } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type AnalyticsOutcome = "ok" | "error" | "timeout";

export interface ServiceMetricsOptions {
  /** The service's name, e.g. "voting-app". */
  service: string;
  /** The version it runs as, e.g. "1.0". */
  version: string;
}

export interface ServiceMetrics {
  /** This service's own registry: two apps in one process (tests, the playground) never clash. */
  readonly registry: Registry;
  /** Times every request by method, route pattern and status code. Mount it before the routes. */
  readonly httpMetrics: RequestHandler;
  /** Answers `GET /metrics` in Prometheus' text format. */
  readonly metricsHandler: RequestHandler;
  /** Runs one store command, timing it and counting it as an error when it rejects. */
  timeStoreCommand<T>(store: string, command: string, run: () => Promise<T>): Promise<T>;
  /** Records one call to voting-analytics that has already ended. */
  recordAnalyticsCall(outcome: AnalyticsOutcome, seconds: number): void;
  /** Runs one call to voting-analytics and records its outcome and duration. */
  timeAnalyticsCall<T>(call: () => Promise<T>, isTimeout?: (error: unknown) => boolean): Promise<T>;
  /** Counts one stored vote for an option (options come from the config, so the label is bounded). */
  countVote(option: string): void;
}

/** The route label of a request that no route answered: never the raw path, which is unbounded. */
export const UNMATCHED_ROUTE = "unmatched";

export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Who is speaking is an info metric rather than labels on every series: a scrape adds the pod's
  // own `app` and `version` labels, and the two would clash.
  new Gauge({
    name: "service_info",
    help: "The service and version this process runs as; always 1.",
    labelNames: ["service", "version"],
    registers: [registry],
  }).set({ service: options.service, version: options.version }, 1);

  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, route pattern and status code.",
    labelNames: ["method", "route", "status_code"],
    registers: [registry],
  });
  const storeDuration = new Histogram({
    name: "store_command_duration_seconds",
    help: "Time of one vote store command, by store kind and command.",
    labelNames: ["store", "command"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: "store_command_errors_total",
    help: "Vote store commands that failed, by store kind and command.",
    labelNames: ["store", "command"],
    registers: [registry],
  });
  const analyticsRequests = new Counter({
    name: "analytics_requests_total",
    help: "Calls to voting-analytics, by outcome (ok, error, timeout).",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const analyticsDuration = new Histogram({
    name: "analytics_request_duration_seconds",
    help: "Time of one call to voting-analytics, by outcome.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const votes = new Counter({
    name: "votes_total",
    help: "Votes acknowledged, by option (a retry of a vote_id already stored is acknowledged again; the store counts it once).",
    labelNames: ["option"],
    registers: [registry],
  });

  const httpMetrics: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    // "finish" comes only for answers that were sent; an aborted one has no status to report
    // (the request log records those).
    res.once("finish", () => {
      end({ method: req.method, route: routeOf(req), status_code: String(res.statusCode) });
    });
    next();
  };

  const metricsHandler: RequestHandler = async (_req: Request, res: Response) => {
    const text = await registry.metrics();
    res.set("Content-Type", registry.contentType).send(text);
  };

  function recordAnalyticsCall(outcome: AnalyticsOutcome, seconds: number): void {
    analyticsRequests.inc({ outcome });
    analyticsDuration.observe({ outcome }, seconds);
  }

  return {
    registry,
    httpMetrics,
    metricsHandler,
    async timeStoreCommand(store, command, run) {
      const end = storeDuration.startTimer({ store, command });
      try {
        return await run();
      } catch (error) {
        storeErrors.inc({ store, command });
        throw error;
      } finally {
        end();
      }
    },
    recordAnalyticsCall,
    async timeAnalyticsCall(call, isTimeout = () => false) {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const answer = await call();
        recordAnalyticsCall("ok", seconds());
        return answer;
      } catch (error) {
        recordAnalyticsCall(isTimeout(error) ? "timeout" : "error", seconds());
        throw error;
      }
    },
    countVote(option) {
      votes.inc({ option });
    },
  };
}

/**
 * The route pattern that answered, joined with the routers' mount paths ("/api" + "/items/:id").
 * A mounted middleware with no route (static files) reports its mount path; nothing at all
 * reports UNMATCHED_ROUTE. Express forgets a router's mount path when an error leaves it, so an
 * error thrown inside a mounted router is labelled with the route's own pattern only.
 */
export function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (pattern !== undefined) return `${req.baseUrl}${String(pattern)}`;
  return req.baseUrl ? `${req.baseUrl}/*` : UNMATCHED_ROUTE;
}
