import type { ServiceMetrics } from "@voting/common";
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

/** Analytics did not answer within the deadline: counted apart from other failures. */
export class AnalyticsTimeout extends Error {
  override readonly name = "AnalyticsTimeout";
}

// An answer is a line of text and a version; anything this large is not one.
const MAX_ANSWER_BYTES = 16 * 1024;

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
      maxResponseSize: MAX_ANSWER_BYTES,
    });
  }

  async results(traceHeaders: Record<string, string>): Promise<Results> {
    // One deadline for the whole exchange, from the pool's queue to the last byte of the body:
    // the page never waits longer, and a request still queued when it passes is never sent.
    // The timer is cleared once the answer is in (AbortSignal.timeout's would run its full time
    // and abort a signal nobody listens to any more, once per page).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    const { signal } = deadline;
    try {
      const { statusCode, body } = await this.pool.request({
        path: "/analytics",
        method: "GET",
        headers: { ...traceHeaders, accept: "application/json" },
        signal,
      });
      if (statusCode !== 200) {
        await body.dump();
        throw new Error(`analytics answered ${statusCode}`);
      }
      return parseResults(await body.json());
    } catch (error) {
      if (signal.aborted) {
        throw new AnalyticsTimeout(`analytics did not answer within ${this.timeoutMs} ms`, {
          cause: error,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lets the requests under way finish, then closes the connections; closing twice is fine. */
  async close(): Promise<void> {
    if (!this.pool.closed) await this.pool.close();
  }
}

/** The same client, with each call's outcome (ok, error, timeout) and duration recorded. */
export function meteredAnalytics(
  client: AnalyticsClient,
  metrics: Pick<ServiceMetrics, "timeAnalyticsCall">,
): AnalyticsClient {
  return {
    results: (traceHeaders) =>
      metrics.timeAnalyticsCall(
        () => client.results(traceHeaders),
        (error) => error instanceof AnalyticsTimeout,
      ),
    close: () => client.close(),
  };
}

/** Analytics' answer is input like any other: only a well-formed one reaches the page. */
export function parseResults(body: unknown): Results {
  const { text, version } = (body ?? {}) as { text?: unknown; version?: unknown };
  if (typeof text !== "string" || text.length === 0 || text.length > 500) {
    throw new Error("analytics answered without a usable results text");
  }
  return { text, version: typeof version === "string" ? version.slice(0, 20) : "unknown" };
}
