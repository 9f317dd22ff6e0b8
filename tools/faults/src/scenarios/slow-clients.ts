import { stalledClientBoundMs } from "@voting/common";
import { assertServicesBuilt, type ServiceName } from "@voting/devstack";
import { now, sleep } from "../load/clock.js";
import {
  describeCounts,
  latency,
  maxLatency,
  outcomeCounts,
  percentile,
  round,
  startedIn,
  unexpected,
  type Window,
} from "../load/stats.js";
import { whileLoaded } from "../load/workers.js";
import { createHttpClient, type Exchange, resultsText } from "../net/http-client.js";
import { encodeRequest, type RawAnswer, rawExchange } from "../net/raw-http.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { startStack } from "../stack/stack.js";
import { privateRedis } from "../stack/stores.js";
import { UNAVAILABLE } from "./analytics-outage.js";

/** How a slow client stops: before the end of its headers, or short of its Content-Length. */
export type SlowKind = "headers" | "body";

interface SlowClient {
  target: ServiceName;
  kind: SlowKind;
  answer: RawAnswer;
}

interface Observation {
  slow: SlowClient[];
  /** Pages from the app and answers from analytics, sent throughout by ordinary clients. */
  normal: Exchange[];
  baseline: Window;
  during: Window;
  stored: number[];
  /** Both services still ran, as the same processes, at the end. */
  survived: boolean;
}

/** Past the deadline and the slack, a slow client waits this much longer before calling it held. */
const HELD_AFTER_MS = 5000;

/** The bytes a slow client sends before it stops, to a route of `target` that takes them. */
export function slowRequestBytes(target: ServiceName, kind: SlowKind): Buffer {
  const path = target === "voting-app" ? "/" : "/analytics";
  if (kind === "headers") {
    const whole = encodeRequest({ target: path, headers: [["User-Agent", "slow-client"]] });
    // Everything but the blank line that would end the headers.
    return whole.subarray(0, whole.length - 2);
  }
  return encodeRequest({
    method: "POST",
    target: path,
    headers: [
      ["Content-Type", "application/x-www-form-urlencoded"],
      ["Content-Length", "64"],
    ],
    body: "vote=Ca",
  });
}

/**
 * Hundreds of clients that stop sending, half in their headers and half short of their body,
 * against voting-app and voting-analytics at once: each is answered 408 or closed within the
 * services' deadlines, nothing they sent is acted on, and ordinary pages keep answering.
 */
export async function slowClients(scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  const boundMs = stalledClientBoundMs() + scale.slackMs;
  const normalBoundMs = scale.analyticsTimeoutMs + scale.slackMs;
  const seen = await observeSlowClients(scale, boundMs);
  const during = startedIn(seen.normal, seen.during).map(latency);
  const before = startedIn(seen.normal, seen.baseline).map(latency);
  const slowest = Math.max(...seen.slow.map((s) => s.answer.ms));
  const count = (check: (s: SlowClient) => boolean) => seen.slow.filter(check).length;
  return {
    scenario: "Slow and idle clients",
    load: `${scale.clients} clients, ${seen.normal.length} pages and analytics requests`,
    faults: `${seen.slow.length} slow connections (${count((s) => s.kind === "headers")} stalled in headers, ${count((s) => s.kind === "body")} short bodies)`,
    badInputs: seen.slow.length,
    lostVotes: null,
    maxFaultLatencyMs: round(Math.max(0, ...during)),
    summary:
      `every slow connection answered 408 or closed within ${(slowest / 1000).toFixed(1)} s; ` +
      `normal requests meanwhile p50 ${round(percentile(during, 0.5))} ms, ` +
      `p99 ${round(percentile(during, 0.99))} ms`,
    violations: judgeSlowClients(seen, boundMs, normalBoundMs),
    figures: {
      slowConnections: seen.slow.length,
      answered408: count((s) => s.answer.status === 408),
      closedWithoutAnswer: count((s) => s.answer.outcome === "closed"),
      slowestSlowCloseMs: round(slowest),
      slowestHeadersCloseMs: round(slowestOf(seen.slow, "headers")),
      slowestBodyCloseMs: round(slowestOf(seen.slow, "body")),
      slowBoundMs: boundMs,
      slowOutcomes: describeSlow(seen.slow),
      normalDuring: during.length,
      p50DuringMs: round(percentile(during, 0.5)),
      p99DuringMs: round(percentile(during, 0.99)),
      maxDuringMs: round(Math.max(0, ...during)),
      normalBoundMs,
      p50BeforeMs: round(percentile(before, 0.5)),
      p99BeforeMs: round(percentile(before, 0.99)),
    },
  };
}

async function observeSlowClients(scale: Scale, boundMs: number): Promise<Observation> {
  return withResources(async (resources) => {
    const store = resources.add(await privateRedis(), (s) => s.close());
    const stack = await startStack(
      { store, appEnv: { ANALYTICS_TIMEOUT_MS: String(scale.analyticsTimeoutMs) } },
      resources,
    );
    const pids = [stack.app.pid, stack.analytics.pid];
    const connections = { connections: scale.clients, timeoutMs: 15_000 };
    const [appClient, analyticsClient] = [stack.app, stack.analytics].map((s) =>
      resources.add(createHttpClient(s.origin, connections), async (c) => c.close()),
    );
    const normal: Exchange[] = [];
    const slow: SlowClient[] = [];
    const baseline = { name: "before", from: Infinity, to: Infinity };
    const during = { name: "slow clients", from: Infinity, to: Infinity };
    const limitMs = boundMs + HELD_AFTER_MS;

    await whileLoaded(
      {
        workers: scale.clients,
        maxMs: 2 * scale.steadyMs + limitMs + 30_000,
        step: async (worker) => {
          if (worker % 2 === 0) normal.push(await appClient!.send({ method: "GET", path: "/" }));
          else normal.push(await analyticsClient!.send({ method: "GET", path: "/analytics" }));
        },
      },
      async () => {
        // Warmed up first, so that the figures before compare like with like.
        await sleep(scale.steadyMs);
        baseline.from = now();
        await sleep(scale.steadyMs);
        baseline.to = during.from = now();
        // Every slow client at once, a quarter of each kind on each service.
        const opened = Array.from({ length: scale.slowClients }, async (_, i) => {
          const target: ServiceName = i % 2 === 0 ? "voting-app" : "voting-analytics";
          const kind: SlowKind = i % 4 < 2 ? "headers" : "body";
          const port = target === "voting-app" ? stack.app.port : stack.analytics.port;
          const answer = await rawExchange(port, slowRequestBytes(target, kind), limitMs);
          slow.push({ target, kind, answer });
        });
        await Promise.all(opened);
        during.to = now();
      },
    );
    return {
      slow,
      normal,
      baseline,
      during,
      stored: await store.counts(stack.options),
      survived:
        stack.app.alive() &&
        stack.analytics.alive() &&
        [stack.app.pid, stack.analytics.pid].every((pid, i) => pid === pids[i]),
    };
  });
}

function judgeSlowClients(seen: Observation, boundMs: number, normalBoundMs: number): string[] {
  const claims = new Claims();
  const held = seen.slow.filter((s) => s.answer.outcome === "timeout" || s.answer.ms > boundMs);
  claims.check(
    held.length === 0,
    `every slow connection is answered 408 or closed within ${boundMs} ms`,
    () => `${held.length} were not: ${describeSlow(held)}`,
  );
  // A stalled request may be refused (408, or a 404 for a route that takes no body) but never
  // served: its vote was never whole.
  const acted = seen.slow.filter((s) => s.answer.status !== null && s.answer.status !== 408);
  const servedOrFailed = acted.filter((s) => s.answer.status! < 400 || s.answer.status! >= 500);
  claims.check(servedOrFailed.length === 0, "no slow request is served or answered 5xx", () =>
    describeSlow(servedOrFailed),
  );
  claims.check(
    seen.stored.every((count) => count === 0),
    "no short body is counted as a vote",
    () => `the store holds ${seen.stored.join("/")}`,
  );
  const during = startedIn(seen.normal, seen.during);
  claims.check(
    during.length > 0,
    "ordinary requests run while the slow clients wait",
    () => "none ran",
  );
  const bad = unexpected(during, [200]);
  claims.check(bad.length === 0, "every ordinary request meanwhile is answered 200", () =>
    describeCounts(outcomeCounts(bad)),
  );
  const degraded = during.filter((e) => e.path === "/" && resultsText(e.body) === UNAVAILABLE);
  claims.check(
    degraded.length === 0,
    "every page meanwhile shows its results (analytics answered it in time)",
    () => `${degraded.length} pages said "${UNAVAILABLE}"`,
  );
  claims.check(
    maxLatency(during) <= normalBoundMs,
    `every ordinary request meanwhile is answered within ${normalBoundMs} ms`,
    () => `the slowest took ${round(maxLatency(during))} ms`,
  );
  claims.check(seen.survived, "both services keep running", () => "a service exited");
  return claims.violations;
}

function slowestOf(slow: readonly SlowClient[], kind: SlowKind): number {
  return Math.max(0, ...slow.filter((s) => s.kind === kind).map((s) => s.answer.ms));
}

/** "voting-app headers 408 x25, voting-analytics body 404 x25, ...": what became of them. */
function describeSlow(slow: readonly SlowClient[]): string {
  const counts = new Map<string, number>();
  for (const { target, kind, answer } of slow) {
    const outcome = answer.status !== null ? String(answer.status) : answer.outcome;
    const key = `${target} ${kind} ${outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return describeCounts(counts);
}
