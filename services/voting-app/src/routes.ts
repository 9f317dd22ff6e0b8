import type { IRouter, Response } from "express";
import type { Logger } from "@voting/common";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient } from "./analytics-client.js";
import { FEATURE_FLAG_COOKIE, FEATURE_FLAG_ON, featureFlagCookie } from "./feature-flag.js";
import { buildPageModel, type PageSettings } from "./page.js";
import { readVoteForm } from "./vote-form.js";
import { IDEMPOTENCY_KEY_HEADER, parseVoteAction } from "./vote-input.js";
import type { Views } from "./views.js";

export interface VotingRoutesDeps {
  settings: PageSettings;
  store: VoteStore;
  analytics: AnalyticsClient;
  logger: Logger;
  views: Views;
}

const voteForm = readVoteForm();

/** Adds the page, the vote and the feature-flag routes to `router`, usually the app itself. */
export function addVotingRoutes(router: IRouter, deps: VotingRoutesDeps): void {
  const { settings, store, analytics, logger, views } = deps;

  router.get("/", async (req, res) => {
    const model = await buildPageModel(req, settings, analytics, logger);
    // Plain setHeader: Express's res.type() and res.set() look the type up and parse it again
    // on every view, for a header that never changes.
    res.setHeader("cache-control", "no-store");
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.send(views.page(model));
  });

  // The redirect is the acknowledgement, so it is sent only after the store confirmed the write.
  // A vote whose id the store already holds was acknowledged or stored before: it gets the same
  // redirect, and the store counts nothing.
  router.post("/", voteForm, async (req, res) => {
    const action = parseVoteAction(req.body, settings.options, req.headers[IDEMPOTENCY_KEY_HEADER]);
    const write = { voteId: action.voteId };
    if (action.kind === "reset") await store.reset(settings.options, write);
    else await store.vote(action.option, write);
    backToPage(res);
  });

  router.post("/featureflag/set", (_req, res) => {
    backToPage(res.cookie(FEATURE_FLAG_COOKIE, FEATURE_FLAG_ON, featureFlagCookie));
  });

  router.post("/featureflag/clear", (_req, res) => {
    const { maxAge: _lifetime, ...attributes } = featureFlagCookie;
    backToPage(res.clearCookie(FEATURE_FLAG_COOKIE, attributes));
  });
}

/**
 * A 302 to the page, with no body. Express's res.redirect() negotiates a body ("Found.
 * Redirecting to /") in text or HTML that browsers and curl never show, at about 2% of a vote's
 * CPU.
 */
function backToPage(res: Response): void {
  res.statusCode = 302;
  res.setHeader("location", "/");
  res.end();
}
