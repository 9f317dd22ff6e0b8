import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "./logger.js";

declare module "http" {
  interface IncomingMessage {
    /** The request id: the incoming x-request-id when it looks like one, else a new UUID. */
    id: string;
  }
}

// An incoming id is reused only when it looks like an id: it ends up in logs and headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const PROBE_PATHS = new Set(["/healthz", "/readyz"]);

/**
 * Logs each request once, when its response is done, with its request id; probes are not logged
 * (they would drown the rest). The line has pino-http's shape (req, res, responseTime,
 * "request completed"/"request errored"), with only the fields an operator reads: the id, the
 * method, the URL and the status, and why a request was refused or failed.
 */
export function requestLog(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const id = requestIdOf(req);
    req.id = id;
    res.setHeader("x-request-id", id);
    const url = req.url ?? "";
    if (!PROBE_PATHS.has(url)) {
      const started = Date.now();
      // "close" comes once per response, whether it was finished or cut off.
      res.once("close", () => logResponse(logger, id, req.method ?? "", url, res, started));
    }
    next();
  };
}

function logResponse(
  logger: Logger,
  id: string,
  method: string,
  url: string,
  res: ServerResponse,
  started: number,
): void {
  const status = res.statusCode;
  const line: Record<string, unknown> = {
    req: { id, method, url },
    res: { statusCode: status },
    responseTime: Date.now() - started,
  };
  const refusal = (res as { locals?: { refusal?: string } }).locals?.refusal;
  if (refusal) line.refusal = refusal;
  const failure = (res as { err?: unknown }).err;
  if (!res.writableFinished) {
    // The client left before the answer was sent: the status is only the one it would have had.
    logger.warn(line, "request aborted");
  } else if (failure !== undefined || status >= 500) {
    line.err = failure ?? new Error(`failed with status code ${status}`);
    logger.error(line, "request errored");
  } else if (status >= 400) {
    logger.warn(line, "request completed");
  } else {
    logger.info(line, "request completed");
  }
}
