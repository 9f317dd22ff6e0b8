import express, { type IRouter } from "express";
import type { Logger, ServiceMetrics } from "@voting/common";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient } from "./analytics-client.js";
import { FEATURE_FLAG_COOKIE, FEATURE_FLAG_ON, featureFlagCookie } from "./feature-flag.js";
import { buildPageModel, type PageSettings } from "./page.js";
import { IDEMPOTENCY_KEY_HEADER, MAX_FORM_FIELDS, parseVoteAction } from "./vote-input.js";
import type { Views } from "./views.js";

export interface VotingRoutesDeps {
  settings: PageSettings;
  store: VoteStore;
  analytics: AnalyticsClient;
  logger: Logger;
  views: Views;
  metrics: Pick<ServiceMetrics, "countVote">;
}

// A vote form is a few bytes; anything much larger is not one (413). Any other body is left
// unread, and parseVoteAction then finds no vote in it (400).
const voteForm = express.urlencoded({
  extended: false,
  limit: "2kb",
  parameterLimit: MAX_FORM_FIELDS,
});

/** Adds the page, the vote and the feature-flag routes to `router`, usually the app itself. */
export function addVotingRoutes(router: IRouter, deps: VotingRoutesDeps): void {
  const { settings, store, analytics, logger, views, metrics } = deps;

  router.get("/", async (req, res) => {
    const model = await buildPageModel(req, settings, analytics, logger);
    res.set("cache-control", "no-store").type("html").send(views.page(model));
  });

  // The redirect is the acknowledgement, so it is sent only after the store confirmed the write.
  // A vote whose id the store already holds was acknowledged or stored before: it gets the same
  // redirect, and the store counts nothing.
  router.post("/", voteForm, async (req, res) => {
    const action = parseVoteAction(req.body, settings.options, req.headers[IDEMPOTENCY_KEY_HEADER]);
    const write = { voteId: action.voteId };
    if (action.kind === "reset") await store.reset(settings.options, write);
    else {
      await store.vote(action.option, write);
      metrics.countVote(action.option);
    }
    res.redirect(302, "/");
  });

  router.post("/featureflag/set", (_req, res) => {
    res.cookie(FEATURE_FLAG_COOKIE, FEATURE_FLAG_ON, featureFlagCookie).redirect(302, "/");
  });

  router.post("/featureflag/clear", (_req, res) => {
    const { maxAge: _lifetime, ...attributes } = featureFlagCookie;
    res.clearCookie(FEATURE_FLAG_COOKIE, attributes).redirect(302, "/");
  });
}
