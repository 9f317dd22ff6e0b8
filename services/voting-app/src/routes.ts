import { Router } from "express";
import type { Logger } from "@voting/common";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient } from "./analytics-client.js";
import { FEATURE_FLAG_COOKIE, FEATURE_FLAG_ON, featureFlagCookie } from "./feature-flag.js";
import { buildPageModel, type PageSettings } from "./page.js";
import { parseVoteAction } from "./vote-input.js";

export interface VotingRoutesDeps {
  settings: PageSettings;
  store: VoteStore;
  analytics: AnalyticsClient;
  logger: Logger;
}

export function votingRoutes({ settings, store, analytics, logger }: VotingRoutesDeps): Router {
  const router = Router();

  router.get("/", async (req, res) => {
    const model = await buildPageModel(req, settings, analytics, logger);
    res.set("cache-control", "no-store").render("page", model);
  });

  // The redirect is the acknowledgement, so it is sent only after the store confirmed the write.
  router.post("/", async (req, res) => {
    const action = parseVoteAction(req.body, settings.options);
    if (action.kind === "reset") await store.reset(settings.options);
    else await store.vote(action.option);
    res.redirect(302, "/");
  });

  router.post("/featureflag/set", (_req, res) => {
    res.cookie(FEATURE_FLAG_COOKIE, FEATURE_FLAG_ON, featureFlagCookie).redirect(302, "/");
  });

  router.post("/featureflag/clear", (_req, res) => {
    const { maxAge: _lifetime, ...attributes } = featureFlagCookie;
    res.clearCookie(FEATURE_FLAG_COOKIE, attributes).redirect(302, "/");
  });

  return router;
}
