import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import type { Address } from "./address.js";

// Headers about one hop, which a proxy must not pass on (RFC 9110 section 7.6.1).
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** The request's headers as the mesh matches them: one string per name, lower case. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
  }
  return flat;
}

/**
 * An answer the proxy gives itself, worded as Envoy words it: a 404 with no body when no route
 * matches, `no healthy upstream` when the route leads to no ready pod.
 */
export function localReply(res: ServerResponse, status: number, body = ""): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    "content-type": "text/plain",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

export const NO_HEALTHY_UPSTREAM = "no healthy upstream";
export const CONNECT_FAILURE =
  "upstream connect error or disconnect/reset before headers. reset reason: connection failure";

export interface Forwarder {
  /** Sends the request on to `target` and its answer back; calls `done` with the status sent. */
  forward(
    req: IncomingMessage,
    res: ServerResponse,
    target: Address,
    options: {
      host?: string;
      addHeaders?: Record<string, string>;
      done?: (status: number) => void;
    },
  ): void;
  close(): void;
}

/** A small HTTP proxy with keep-alive connections to the pods it forwards to. */
export function createForwarder(): Forwarder {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    forward(req, res, target, options) {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      if (options.host) headers.host = options.host;
      Object.assign(headers, options.addHeaders ?? {});
      const upstream = request({
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
        agent,
      });
      upstream.on("response", (answer) => {
        const answerHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
        }
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(res);
        options.done?.(answer.statusCode ?? 502);
      });
      upstream.on("error", () => {
        localReply(res, 503, CONNECT_FAILURE);
        options.done?.(503);
      });
      // A caller that goes away takes its upstream request with it.
      res.on("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
    },
    close: () => agent.destroy(),
  };
}
