import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { now } from "../load/clock.js";

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request and what became of it, on the scenario's clock. */
export interface Exchange {
  method: string;
  path: string;
  /** null when no answer came; `error` then says why (ECONNREFUSED, ECONNRESET, TIMEOUT...). */
  status: number | null;
  error: string | null;
  headers: IncomingHttpHeaders;
  body: string;
  start: number;
  end: number;
}

export interface HttpClient {
  send(req: HttpRequest): Promise<Exchange>;
  close(): void;
}

export interface HttpClientOptions {
  /** Most connections kept open at once, like a browser's or a proxy's pool. */
  connections: number;
  /** A request that has no answer by then is recorded as a hang (error TIMEOUT). */
  timeoutMs: number;
  /** Reuse connections (default true); false opens one connection per request. */
  keepAlive?: boolean;
}

/** A small HTTP/1.1 client that records every exchange instead of throwing. */
export function createHttpClient(origin: string, options: HttpClientOptions): HttpClient {
  const keepAlive = options.keepAlive ?? true;
  const agent = keepAlive
    ? new Agent({ keepAlive: true, maxSockets: options.connections })
    : undefined;
  const base = new URL(origin);

  const send = (req: HttpRequest): Promise<Exchange> =>
    new Promise((resolve) => {
      const start = now();
      const exchange: Exchange = {
        method: req.method,
        path: req.path,
        status: null,
        error: null,
        headers: {},
        body: "",
        start,
        end: start,
      };
      let settled = false;
      const finish = (error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        exchange.error = error;
        exchange.end = now();
        resolve(exchange);
      };
      const headers = { ...req.headers };
      if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
      const outgoing = request({
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers,
        agent: agent ?? false,
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        finish("TIMEOUT");
      }, options.timeoutMs);
      outgoing.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
      outgoing.on("response", (response) => {
        exchange.status = response.statusCode ?? null;
        exchange.headers = response.headers;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
        response.on("end", () => {
          exchange.body = Buffer.concat(chunks).toString("utf8");
          finish(null);
        });
      });
      outgoing.end(req.body);
    });

  return { send, close: () => agent?.destroy() };
}

/** The form post a vote button sends. */
export function voteRequest(value: string): HttpRequest {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `vote=${encodeURIComponent(value)}`,
  };
}

/** The text of the page's results line, `<div id="results"> TEXT </div>`, or null if absent. */
export function resultsText(html: string): string | null {
  const match = /<div id="results"> (.*) <\/div>/.exec(html);
  return match ? match[1]! : null;
}
