import type { ServiceMetrics } from "@voting/common";
import { Registry } from "prom-client";

/**
 * Metrics that record nothing: no default process metrics, no histograms, an empty registry on
 * /metrics. A service started with them (unmetered-service.ts) runs the same code paths with
 * every recording call a no-op, so beside the metered stack it shows what metrics cost.
 */
export function unmeteredMetrics(): ServiceMetrics {
  const registry = new Registry();
  return {
    registry,
    httpMetrics: (_req, _res, next) => next(),
    metricsHandler: async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
    timeStoreCommand: (_store, _command, run) => run(),
    recordAnalyticsCall: () => {},
    timeAnalyticsCall: (call) => call(),
    countVote: () => {},
  };
}
