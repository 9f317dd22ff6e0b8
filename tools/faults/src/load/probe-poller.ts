import { createHttpClient } from "../net/http-client.js";
import { now, sleep } from "./clock.js";

export interface ProbeResult {
  /** When the probe was sent and when its answer (or failure) came. */
  at: number;
  end: number;
  /** The status, or null when the probe got no answer (refused, reset, timed out). */
  status: number | null;
  error: string | null;
}

export interface ProbePoller {
  readonly results: ProbeResult[];
  stop(): Promise<ProbeResult[]>;
}

/**
 * Polls an endpoint (a readiness probe) on a fresh connection each time, as the kubelet does,
 * until stopped. Bounded by `maxMs` whatever happens.
 */
export function pollProbe(
  origin: string,
  path: string,
  options: { intervalMs: number; timeoutMs: number; maxMs: number },
): ProbePoller {
  const client = createHttpClient(origin, {
    connections: 1,
    timeoutMs: options.timeoutMs,
    keepAlive: false,
  });
  const results: ProbeResult[] = [];
  let running = true;
  const deadline = now() + options.maxMs;
  const loop = (async () => {
    while (running && now() < deadline) {
      const e = await client.send({ method: "GET", path });
      results.push({ at: e.start, end: e.end, status: e.status, error: e.error });
      await sleep(options.intervalMs);
    }
  })();
  return {
    results,
    stop: async () => {
      running = false;
      await loop;
      client.close();
      return results;
    },
  };
}
