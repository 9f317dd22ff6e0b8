import express from "express";
import { fileURLToPath } from "node:url";
import {
  errorHandler,
  addHealthRoutes,
  type Logger,
  notFound,
  type Readiness,
  requestLog,
} from "@voting/common";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient } from "./analytics-client.js";
import type { PageSettings } from "./page.js";
import { addVotingRoutes } from "./routes.js";
import { compileViews } from "./views.js";

const PUBLIC = fileURLToPath(new URL("../public", import.meta.url));

export interface VotingAppDeps {
  settings: PageSettings;
  store: VoteStore;
  analytics: AnalyticsClient;
  readiness: Readiness;
  logger: Logger;
}

export function createVotingApp(deps: VotingAppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Every page is rendered fresh and sent with no-store: hashing it for an ETag is wasted work.
  app.set("etag", false);
  const views = compileViews();

  addHealthRoutes(app, deps.readiness);
  app.use("/static", express.static(PUBLIC, { maxAge: "1h", index: false, redirect: false }));
  app.use(requestLog(deps.logger));
  addVotingRoutes(app, { ...deps, views });

  app.use(notFound);
  app.use(
    errorHandler((res, status, message) => {
      res
        .set("cache-control", "no-store")
        .type("html")
        .send(views.error({ title: deps.settings.title, status, message }));
    }),
  );
  return app;
}
