import autocannon from "autocannon";
import { Latencies } from "./latencies.js";
import type { LoadResult, LoadSpec } from "./spec.js";

/** Drives one load run with autocannon and measures every answer's status and time. */
export async function drive(spec: LoadSpec): Promise<LoadResult> {
  const latencies = new Latencies();
  const statusCounts: Record<string, number> = {};
  const instance = autocannon({
    url: spec.url,
    method: spec.method,
    connections: spec.connections,
    duration: spec.durationSec,
    pipelining: 1,
    timeout: 10,
    ...(spec.form === undefined
      ? {}
      : {
          body: spec.form,
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
  });
  // autocannon's own histogram keeps whole milliseconds; these are kept to the microsecond.
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.add(ms);
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  });
  const result = await instance;
  const requests = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
  const expected = statusCounts[spec.expectStatus] ?? 0;
  return {
    requests,
    durationSec: result.duration,
    rps: result.duration > 0 ? expected / result.duration : 0,
    p50Ms: latencies.percentile(50),
    p99Ms: latencies.percentile(99),
    errors: requests - expected + result.errors + result.timeouts,
    statusCounts,
    socketErrors: result.errors,
    timeouts: result.timeouts,
  };
}
