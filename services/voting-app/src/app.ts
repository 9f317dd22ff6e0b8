import express from "express";
import { fileURLToPath } from "node:url";
import {
  errorHandler,
  healthRoutes,
  type Logger,
  notFound,
  type Readiness,
  requestLog,
} from "@voting/common";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient } from "./analytics-client.js";
import type { PageSettings } from "./page.js";
import { votingRoutes } from "./routes.js";

const VIEWS = fileURLToPath(new URL("../views", import.meta.url));
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
  app.set("views", VIEWS);
  app.set("view engine", "ejs");
  // Templates are compiled once, whatever NODE_ENV says.
  app.set("view cache", true);

  app.use(healthRoutes(deps.readiness));
  app.use("/static", express.static(PUBLIC, { maxAge: "1h", index: false, redirect: false }));
  app.use(requestLog(deps.logger));
  // A vote form is a few bytes; anything much larger is not one.
  app.use(express.urlencoded({ extended: false, limit: "2kb", parameterLimit: 10 }));
  app.use(votingRoutes(deps));

  app.use(notFound);
  app.use(
    errorHandler((res, status, message) => {
      res.set("cache-control", "no-store").render("error", {
        title: deps.settings.title,
        status,
        message,
      });
    }),
  );
  return app;
}
