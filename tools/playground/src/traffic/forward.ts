import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { Agent, type Dispatcher } from "undici";
import type { Endpoint, RouteDecision, RouteFailure } from "@voting/mesh";
import type { Address } from "./address.js";
import { LOCAL_REPLIES, type ProxyReport } from "./telemetry.js";

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
  // The proxy answers `Expect: 100-continue` itself, as Envoy does.
  "expect",
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

/** A request its route sends nowhere: 404 (no route, NR) or 503 (no ready pod, UH), reported. */
export function replyUnrouted(
  res: ServerResponse,
  failure: RouteFailure,
  durationMs: number,
  report: ProxyReport | undefined,
): void {
  localReply(res, failure.status, failure.status === 503 ? NO_HEALTHY_UPSTREAM : "");
  const reply = failure.status === 404 ? LOCAL_REPLIES.noRoute : LOCAL_REPLIES.noHealthyUpstream;
  report?.replied(failure.status, reply, durationMs);
}

/** A request for a chosen pod the proxy cannot reach (no such port, mutual TLS refused): 503 UF. */
export function replyUnreachable(
  res: ServerResponse,
  body: string,
  durationMs: number,
  report: ProxyReport | undefined,
  to: { decision: RouteDecision; endpoint: Endpoint },
): void {
  localReply(res, 503, body);
  report?.replied(503, LOCAL_REPLIES.connectFailure, durationMs, to);
}

export interface Forwarder {
  /**
   * Sends the request on to `target` and its answer back; calls `done` once, with the status
   * sent, when the answer starts (or when the proxy answers for a target it could not reach).
   */
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

/** A small HTTP proxy with a pool of keep-alive connections to each pod it forwards to. */
export function createForwarder(): Forwarder {
  // undici's pools cost less per request than node:http's client, and this one process
  // carries every hop of the mesh.
  const agent = new Agent({ connections: 64 });
  return {
    forward(req, res, target, options) {
      const headers = withoutHopByHop(req.headers);
      if (options.host) headers.host = options.host;
      if (options.addHeaders) Object.assign(headers, options.addHeaders);
      // The caller going away takes its upstream request with it.
      const abandoned = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) abandoned.abort();
      });
      let status: number | undefined;
      agent.stream(
        {
          origin: `http://${target.host}:${target.port}`,
          path: req.url ?? "/",
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body: hasBody(req) ? req : null,
          signal: abandoned.signal,
        },
        (answer) => {
          status = answer.statusCode;
          res.writeHead(answer.statusCode, withoutHopByHop(answer.headers));
          options.done?.(answer.statusCode);
          return res;
        },
        (error) => {
          if (!error) return;
          // Once the answer has started, all the proxy can do is cut it short.
          if (status !== undefined) {
            res.destroy();
            return;
          }
          localReply(res, 503, CONNECT_FAILURE);
          options.done?.(503);
        },
      );
    },
    close: () => void agent.destroy(),
  };
}

function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

/** A request carries a body only when it says so (RFC 9112 section 6.3). */
function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined
  );
}
