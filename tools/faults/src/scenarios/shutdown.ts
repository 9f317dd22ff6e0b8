import { assertServicesBuilt, type ChildExit, type ServiceName } from "@voting/devstack";
import { now, sleep } from "../load/clock.js";
import { pollProbe, type ProbeResult } from "../load/probe-poller.js";
import {
  describeCounts,
  formatSeconds,
  maxLatency,
  outcomeCounts,
  overlapping,
  round,
} from "../load/stats.js";
import { VoteLedger } from "../load/vote-ledger.js";
import { whileLoaded } from "../load/workers.js";
import { createHttpClient, type Exchange, type HttpClient } from "../net/http-client.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { type Resources, withResources } from "../stack/resources.js";
import { type Stack, startStack } from "../stack/stack.js";
import { privateRedis, type StoreUnderTest } from "../stack/stores.js";

/** How long analytics' answers are held back, so that pages are in flight when the app stops. */
const ANALYTICS_DELAY_MS = 100;
/** After the drain delay, a service has this long to finish what is in flight and exit. */
const EXIT_BOUND_MS = 3000;

interface Observation {
  delayMs: number;
  /** Requests to the service being stopped. */
  sent: Exchange[];
  /** For analytics: the pages rendered meanwhile by the app, which depends on it. */
  pages: Exchange[];
  ledger: VoteLedger;
  readiness: ProbeResult[];
  signalledAt: number;
  exitedAt: number;
  /** How the process exited, or null if it had not 15 s after the drain delay. */
  exit: ChildExit | null;
  stored: number[];
}

/**
 * SIGTERM to a service while load runs through it: readiness fails first, requests in flight
 * finish, nothing accepted before the signal is reset or answered 5xx, and it exits 0.
 */
export async function gracefulShutdown(target: ServiceName, scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  const seen = await observeShutdown(target, scale);
  const { sent, pages, signalledAt, delayMs } = seen;
  const before = sent.filter((e) => e.start < signalledAt);
  const draining = sent.filter((e) => e.start >= signalledAt && e.start < signalledAt + delayMs);
  const stopping = { name: "stopping", from: signalledAt, to: seen.exitedAt };
  return {
    scenario: `Graceful shutdown of ${target} under load`,
    load: `${scale.clients} clients, ${sent.length + pages.length} requests`,
    faults: `SIGTERM, SHUTDOWN_DELAY_MS=${delayMs}`,
    badInputs: 0,
    lostVotes: target === "voting-app" ? seen.ledger.lost(seen.stored) : null,
    maxFaultLatencyMs: round(maxLatency(overlapping([...sent, ...pages], stopping))),
    summary: `${before.filter((e) => e.end > signalledAt).length} requests in flight at the signal, exited ${seen.exit?.code ?? "?"} after ${formatSeconds(seen.exitedAt - signalledAt)}`,
    violations: judgeShutdown(seen),
    figures: {
      inFlightAtSignal: before.filter((e) => e.end > signalledAt).length,
      sentBeforeSignal: before.length,
      sentWhileDraining: draining.length,
      // Not held to "served": a request that meets the listener closing is reset, whatever
      // the server does. The drain delay exists so that load balancers stop sending first.
      turnedAwayWhileDraining: draining.filter(failed).length,
      exitMs: round(seen.exitedAt - signalledAt),
      exitCode: seen.exit?.code ?? "none",
      outcomes: describeCounts(outcomeCounts(sent)),
    },
  };
}

async function observeShutdown(target: ServiceName, scale: Scale): Promise<Observation> {
  return withResources(async (resources) => {
    const store = resources.add(await privateRedis(), (s) => s.close());
    const delayMs = scale.shutdownDelayMs;
    const stack = await startDrainingStack(target, delayMs, store, resources);
    const service = target === "voting-app" ? stack.app : stack.analytics;
    const maxMs = scale.steadyMs + delayMs + EXIT_BOUND_MS + 20_000;
    const probes = pollProbe(service.origin, "/readyz", { intervalMs: 20, timeoutMs: 5000, maxMs });
    const seen: Observation = {
      delayMs,
      sent: [],
      pages: [],
      ledger: new VoteLedger(stack.options),
      readiness: [],
      signalledAt: Infinity,
      exitedAt: Infinity,
      exit: null,
      stored: [],
    };
    let goneAt = Infinity;
    void service.exited.then(() => (goneAt = now()));
    const load = shutdownLoad(target, stack, scale, resources, seen);

    await whileLoaded(
      {
        workers: scale.clients,
        maxMs,
        step: load.step,
        // A client stops once the service turns it away after the signal, as a load balancer
        // would, or once the service is gone.
        done: (worker) => load.turnedAway.has(worker) || now() > goneAt + 300,
      },
      async () => {
        await sleep(scale.steadyMs);
        seen.signalledAt = now();
        service.signal("SIGTERM");
        seen.exit = await Promise.race([service.exited, sleep(delayMs + 15_000).then(() => null)]);
        seen.exitedAt = now();
        // Let the load run into the stopped service for a moment.
        await sleep(500);
      },
    );
    seen.readiness = await probes.stop();
    seen.stored = await store.counts(stack.options);
    return seen;
  });
}

/** The stack with `target` draining for `delayMs` on SIGTERM, and analytics' answers held back. */
async function startDrainingStack(
  target: ServiceName,
  delayMs: number,
  store: StoreUnderTest,
  resources: Resources,
): Promise<Stack> {
  const drain = { SHUTDOWN_DELAY_MS: String(delayMs) };
  const stack = await startStack(
    {
      store,
      withProxy: true,
      appEnv: target === "voting-app" ? drain : {},
      analyticsEnv: target === "voting-analytics" ? drain : {},
    },
    resources,
  );
  stack.proxy!.setDelay(ANALYTICS_DELAY_MS);
  return stack;
}

/**
 * One request of the load at a time: to the service being stopped, or (analytics) a page through
 * the app. Records each exchange in `seen`, and which clients the service turned away.
 */
function shutdownLoad(
  target: ServiceName,
  stack: Stack,
  scale: Scale,
  resources: Resources,
  seen: Observation,
) {
  const connections = { connections: scale.clients, timeoutMs: 15_000 };
  const [appClient, analyticsClient] = [stack.app, stack.analytics].map((s) =>
    resources.add(createHttpClient(s.origin, connections), async (c) => c.close()),
  ) as [HttpClient, HttpClient];
  const turnedAway = new Set<number>();
  const step = async (worker: number, index: number) => {
    let exchange: Exchange;
    if (target === "voting-analytics" && worker % 2 === 1) {
      seen.pages.push(await appClient.send({ method: "GET", path: "/" }));
      return;
    } else if (target === "voting-analytics") {
      exchange = await analyticsClient.send({ method: "GET", path: "/analytics" });
    } else if (index % 2 === 0) {
      exchange = await appClient.send({ method: "GET", path: "/" });
    } else {
      exchange = await seen.ledger.cast(appClient, ((worker + index) % 2) as 0 | 1);
    }
    seen.sent.push(exchange);
    if (exchange.error !== null && exchange.start >= seen.signalledAt) turnedAway.add(worker);
  };
  return { step, turnedAway };
}

function judgeShutdown(seen: Observation): string[] {
  const { sent, signalledAt, readiness } = seen;
  const claims = new Claims();
  const failedBefore = sent.filter((e) => e.start < signalledAt).filter(failed);
  claims.check(
    failedBefore.length === 0,
    "requests sent before the signal all finish without a reset or a 5xx",
    () => describeCounts(outcomeCounts(failedBefore)),
  );
  const fivexx = sent.filter((e) => (e.status ?? 0) >= 500);
  claims.check(fivexx.length === 0, "no request is ever answered 5xx", () =>
    describeCounts(outcomeCounts(fivexx)),
  );
  const firstNotReady = readiness.find((p) => p.at >= signalledAt && p.status === 503);
  const firstTurnedAway = Math.min(
    ...[...sent, ...readiness]
      .filter((e) => e.error !== null && e.end >= signalledAt)
      .map((e) => e.end),
  );
  claims.check(
    firstNotReady !== undefined && firstNotReady.end <= firstTurnedAway,
    "readiness fails before the service stops accepting connections",
    () =>
      firstNotReady === undefined
        ? "no probe answered 503 after the signal"
        : `first 503 at +${round(firstNotReady.end - signalledAt)} ms, ` +
          `first refusal at +${round(firstTurnedAway - signalledAt)} ms`,
  );
  claims.check(seen.exit?.code === 0, "the process exits with code 0", () =>
    seen.exit === null ? "it had not exited 15 s after the drain delay" : JSON.stringify(seen.exit),
  );
  const exitMs = seen.exitedAt - signalledAt;
  claims.check(
    exitMs <= seen.delayMs + EXIT_BOUND_MS,
    `it exits within ${EXIT_BOUND_MS} ms of the drain delay`,
    () => `it took ${round(exitMs)} ms`,
  );
  const lost = seen.ledger.lost(seen.stored);
  claims.check(lost === 0, "no acknowledged vote is missing", () => `${lost} missing`);
  const badPages = seen.pages.filter((p) => p.status !== 200);
  claims.check(badPages.length === 0, "pages keep rendering while analytics goes away", () =>
    describeCounts(outcomeCounts(badPages)),
  );
  return claims.violations;
}

function failed(e: Exchange): boolean {
  return e.error !== null || (e.status ?? 0) >= 500;
}
