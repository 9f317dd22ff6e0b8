import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "./logger.js";

// An incoming id is reused only when it looks like an id: it ends up in logs and headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const PROBE_PATHS = new Set(["/healthz", "/readyz"]);

/** Logs each request once, with its request id; probes are not logged (they would drown the rest). */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (req) => PROBE_PATHS.has(req.url ?? "") },
    customLogLevel: (_req, res) =>
      res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    customProps: (_req, res) => {
      const refusal = (res as { locals?: { refusal?: string } }).locals?.refusal;
      return refusal ? { refusal } : {};
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
