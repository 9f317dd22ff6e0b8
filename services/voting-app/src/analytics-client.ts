import { type Dispatcher, Pool } from "undici";

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
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connectTimeout: timeoutMs,
    });
  }

  async results(traceHeaders: Record<string, string>): Promise<Results> {
    const body = await new Promise<string>((resolve, reject) => {
      this.pool.dispatch(
        {
          path: "/analytics",
          method: "GET",
          headers: { ...traceHeaders, accept: "application/json" },
        },
        new AnswerCollector(resolve, reject, this.timeoutMs),
      );
    });
    return parseResults(JSON.parse(body));
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * Gathers one answer as text through undici's handler interface. The request() API wraps every
 * answer in a body stream and a promise chain, which was a tenth of a page view's CPU; an answer
 * of a few dozen bytes needs neither.
 */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private readonly deadline: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | null = null;
  private abortReason: Error | null = null;
  private settled = false;
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly resolve: (body: string) => void,
    private readonly reject: (error: Error) => void,
    timeoutMs: number,
  ) {
    // One deadline for the whole exchange, from the pool's queue to the last byte: the page
    // never waits longer.
    this.deadline = setTimeout(
      () => this.abort(new Error(`analytics did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  }

  /** Gives up on the answer; a request still queued in the pool is dropped when it starts. */
  private abort(reason: Error): void {
    this.abortReason = reason;
    this.controller?.abort(reason);
    this.fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > MAX_ANSWER_BYTES) {
      controller.abort(new Error(`analytics answered more than ${MAX_ANSWER_BYTES} bytes`));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    if (this.status !== 200) {
      this.fail(new Error(`analytics answered ${this.status}`));
      return;
    }
    this.settle();
    this.resolve(Buffer.concat(this.chunks, this.size).toString("utf8"));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.deadline);
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
