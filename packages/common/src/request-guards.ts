import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What every answer of every service gets before the app sees the request, and the requests
 * refused before it does. Returns the reason a request is refused, or null to hand it on.
 *
 * - `X-Content-Type-Options: nosniff` on every answer (pages, JSON, errors, static files), so a
 *   browser never runs an answer as something other than the type it was sent as.
 * - More than one Host header is refused with 400. Node keeps the first and drops the others
 *   from `req.headers`, while a proxy in front may have routed on another one: only the raw
 *   headers show them all.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse): string | null {
  res.setHeader("x-content-type-options", "nosniff");
  if (hostHeaderCount(req.rawHeaders) > 1) return "more than one Host header";
  return null;
}

/** Answers a request `guardRequest` refused, in plain text, and closes the connection. */
export function refuseRequest(res: ServerResponse, reason: string): void {
  res.statusCode = 400;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("connection", "close");
  res.end(`Bad request: ${reason}.\n`);
}

function hostHeaderCount(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 4 && name.toLowerCase() === "host") count++;
  }
  return count;
}
