import { randomUUID } from "node:crypto";
import type { Request } from "express";
import type { Logger } from "@voting/common";
import { pickTraceHeaders } from "@voting/common";
import type { AnalyticsClient } from "./analytics-client.js";
import { isFeatureFlagSet } from "./feature-flag.js";

/** What the page template is given: every value in it is escaped by the template. */
export interface PageModel {
  title: string;
  options: readonly string[];
  /** The results line, or null when analytics could not answer in time. */
  results: string | null;
  appVersion: string;
  analyticsVersion: string | null;
  showDetails: boolean;
  host: string;
  store: string;
  featureFlag: { offered: boolean; set: boolean };
  /** The vote form's `vote_id`: new for every page, so each vote a person casts is its own. */
  voteId: string;
}

export interface PageSettings {
  title: string;
  options: readonly string[];
  appVersion: string;
  showDetails: boolean;
  offerFeatureFlag: boolean;
  host: string;
  store: string;
}

export async function buildPageModel(
  req: Request,
  settings: PageSettings,
  analytics: AnalyticsClient,
  logger: Logger,
): Promise<PageModel> {
  const results = await analytics.results(pickTraceHeaders(req.headers)).catch((error: unknown) => {
    // A degraded page beats no page: the user can still vote while analytics is away.
    logger.warn({ err: error, reqId: req.id }, "results unavailable: analytics did not answer");
    return null;
  });
  return {
    title: settings.title,
    options: settings.options,
    results: results?.text ?? null,
    appVersion: settings.appVersion,
    analyticsVersion: results?.version ?? null,
    showDetails: settings.showDetails,
    host: settings.host,
    store: settings.store,
    featureFlag: { offered: settings.offerFeatureFlag, set: isFeatureFlagSet(req.headers.cookie) },
    voteId: randomUUID(),
  };
}
