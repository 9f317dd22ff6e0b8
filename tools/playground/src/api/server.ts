import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { apiGroupList, apiResourceList, apiVersions, VERSION } from "./discovery.js";
import { createModel, type ModelDeps } from "./model.js";
import { openApiDocument, openApiRoot } from "./openapi.js";
import { decodeProtobuf, PROTOBUF } from "./protobuf.js";
import { createResourceHandler, parseResourcePath } from "./resources.js";
import { ApiError, badRequest, statusBody } from "./status.js";

export interface ApiDeps extends ModelDeps {
  /** Calls `listener` after each change of objects or pods; returns how to stop. */
  subscribe: (listener: () => void) => () => void;
  /** Counts every change of objects or pods: lists carry it, watches start from it. */
  revision: () => number;
  now?: () => number;
}

// The API server's own limit on a request body is 3 MiB.
const MAX_BODY = "3mb";

/** The part of the Kubernetes API that kubectl uses for the tutorial, over the playground. */
export function createApiServer(deps: ApiDeps): Express {
  const handle = createResourceHandler({
    model: createModel(deps),
    pods: () => deps.controller.pods(),
    subscribe: deps.subscribe,
    revision: deps.revision,
    now: deps.now ?? Date.now,
  });
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  serveDiscovery(app);
  readBodies(app);
  app.all(["/api/*path", "/apis/*path"], (req, res) => {
    const segments = (req.params.path as string[]).filter(Boolean);
    const { group, version, target } = parseResourcePath(req.path.startsWith("/apis/"), segments);
    if (target) return handle(req, res, target);
    const resources = req.method === "GET" ? apiResourceList(group, version) : undefined;
    if (!resources) throw notFound();
    res.json(resources);
  });
  app.use((_req, _res, next) => next(notFound()));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const failure = toApiError(error);
    if (res.headersSent) return void res.end();
    res.status(failure.code).json(statusBody(failure));
  });
  return app;
}

const notFound = () =>
  new ApiError(404, "NotFound", "the server could not find the requested resource");

/** What kubectl reads before anything else: the version, the kinds, their OpenAPI documents. */
function serveDiscovery(app: Express): void {
  app.get(["/healthz", "/readyz"], (_req, res) => void res.type("text/plain").send("ok"));
  app.get("/version", (_req, res) => void res.json(VERSION));
  app.get("/api", (_req, res) => void res.json(apiVersions()));
  app.get("/apis", (_req, res) => void res.json(apiGroupList()));
  app.get("/openapi/v3", (_req, res) => void res.json(openApiRoot()));
  app.get("/openapi/v3/*path", (req, res) => {
    const document = openApiDocument((req.params.path as string[]).join("/"));
    if (!document) throw notFound();
    res.json(document);
  });
  // kubectl asks for the OpenAPI v2 schema only for a kind no v3 document names: one the
  // playground does not serve. Sent as text, kubectl quotes it in "failed to download openapi".
  app.get(["/openapi/v2", "/swagger-2.0.0.pb-v1"], (_req, res) => {
    res
      .status(501)
      .type("text/plain")
      .send(
        "the playground has no schema for this kind: it serves only the kinds `kubectl api-resources` lists (is the kind or its apiVersion misspelt?)",
      );
  });
}

/** JSON bodies, and the protobuf `kubectl create namespace` sends; refuses what it cannot take. */
function readBodies(app: Express): void {
  app.use((req, _res, next) => {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
    if (type === "application/apply-patch+yaml")
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        "server-side apply is not supported by the playground: use kubectl apply without --server-side",
      );
    if (type === "application/json-patch+json")
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        "JSON patches (--type=json) are not supported by the playground: use --type=merge or --type=strategic",
      );
    next();
  });
  app.use(express.raw({ limit: MAX_BODY, type: PROTOBUF }), (req, _res, next) => {
    if (Buffer.isBuffer(req.body)) req.body = decodeProtobuf(req.body);
    next();
  });
  app.use(
    express.json({
      limit: MAX_BODY,
      type: (req) => !String(req.headers["content-type"]).startsWith(PROTOBUF),
    }),
  );
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const typed = error as { type?: string; message?: string };
  if (typed.type === "entity.too.large")
    return new ApiError(
      413,
      "RequestEntityTooLarge",
      `the request is larger than the playground takes (${MAX_BODY})`,
    );
  if (typed.type === "entity.parse.failed")
    return badRequest(`the request body is not JSON: ${typed.message ?? ""}`);
  return new ApiError(
    500,
    "InternalError",
    `the playground failed on this request: ${typed.message ?? String(error)}`,
  );
}
