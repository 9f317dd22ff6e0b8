/** One load run, as the bench process asks the load process for it. */
export interface LoadSpec {
  url: string;
  method: "GET" | "POST";
  /** A form body; sent as application/x-www-form-urlencoded. */
  form?: string;
  connections: number;
  durationSec: number;
  /** The status every answer should have: 200 for a page, 302 for a vote. */
  expectStatus: number;
}

/** What one load run measured. Latencies are of every answer, expected or not. */
export interface LoadResult {
  /** Answers received (of any status). */
  requests: number;
  durationSec: number;
  /** Answers with the expected status, per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with another status, connection errors and timeouts, all together. */
  errors: number;
  statusCounts: Record<string, number>;
  socketErrors: number;
  timeouts: number;
}
