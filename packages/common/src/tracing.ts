import type { IncomingHttpHeaders } from "node:http";

/** The headers Istio (Envoy) needs forwarded so one request is one trace across the services. */
export const TRACE_HEADERS = [
  "x-request-id",
  "x-b3-traceid",
  "x-b3-spanid",
  "x-b3-parentspanid",
  "x-b3-sampled",
  "x-b3-flags",
  "b3",
  "x-ot-span-context",
  "traceparent",
  "tracestate",
] as const;

export function pickTraceHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === "string") picked[name] = value;
  }
  return picked;
}
