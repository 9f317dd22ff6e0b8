// Entry point of a service as its image runs it, but with metrics that record nothing
// (unmetered-metrics.ts): UNMETERED_SERVICE says which, voting-app or voting-analytics.
import { runService } from "@voting/common";
import { buildAnalyticsService, loadAnalyticsConfig } from "@voting/analytics";
import { buildVotingService, loadAppConfig } from "@voting/app";
import { unmeteredMetrics } from "./unmetered-metrics.js";

const options = { createMetrics: unmeteredMetrics };
if (process.env.UNMETERED_SERVICE === "voting-analytics") {
  await runService(
    "voting-analytics",
    process.env,
    loadAnalyticsConfig,
    buildAnalyticsService,
    options,
  );
} else {
  await runService("voting-app", process.env, loadAppConfig, buildVotingService, options);
}
