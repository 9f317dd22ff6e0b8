import { EventEmitter } from "node:events";
import { Pool } from "undici";

/** What the page needs from voting-analytics: the results line and which version wrote it. */
export interface Results {
  text: string;
  version: string;
}

export interface AnalyticsClient {
  /** Rejects when analytics is down, slow past the timeout, or answers nonsense. */
  results(traceHeaders: Record<string, string>): Promise<Results>;
  close(): Promise<void>;
}

/**
 * Talks to voting-analytics over a pool of keep-alive connections: one page view is one request
 * on a connection that is already open, instead of a TCP handshake per view.
 */
export class HttpAnalyticsClient implements AnalyticsClient {
  private readonly pool: Pool;

  constructor(
    origin: string,
    private readonly timeoutMs: number,
  ) {
    this.pool = new Pool(origin, {
      connections: 64,
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connectTimeout: timeoutMs,
    });
  }

  async results(traceHeaders: Record<string, string>): Promise<Results> {
    // One deadline for the whole exchange, connect to last byte: the page never waits longer.
    // undici takes an EventEmitter as the abort signal, and uses its `reason`: cheaper than an
    // AbortController per page view (a twentieth of the page's CPU), and unlike
    // AbortSignal.timeout() its timer is cleared once the answer is in.
    const deadline = Object.assign(new EventEmitter(), { reason: undefined as Error | undefined });
    const timer = setTimeout(() => {
      deadline.reason = new Error(`analytics did not answer within ${this.timeoutMs} ms`);
      deadline.emit("abort");
    }, this.timeoutMs);
    try {
      const response = await this.pool.request({
        path: "/analytics",
        method: "GET",
        headers: { ...traceHeaders, accept: "application/json" },
        signal: deadline,
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`analytics answered ${response.statusCode}`);
      }
      return parseResults(await response.body.json());
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Analytics' answer is input like any other: only a well-formed one reaches the page. */
export function parseResults(body: unknown): Results {
  const { text, version } = (body ?? {}) as { text?: unknown; version?: unknown };
  if (typeof text !== "string" || text.length === 0 || text.length > 500) {
    throw new Error("analytics answered without a usable results text");
  }
  return { text, version: typeof version === "string" ? version.slice(0, 20) : "unknown" };
}
