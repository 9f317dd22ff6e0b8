import type { StoreKind } from "@voting/storage";
import { assertServicesBuilt, type StoreHandle, storeLabel } from "@voting/devstack";
import { type Fault, type FaultWindow, runFaultTimeline } from "../load/fault-timeline.js";
import { pollProbe, type ProbeResult } from "../load/probe-poller.js";
import {
  describeCounts,
  formatSeconds,
  maxLatency,
  outcomeCounts,
  overlapping,
  round,
  unexpected,
  type Window,
} from "../load/stats.js";
import { now } from "../load/clock.js";
import { total, VoteLedger } from "../load/vote-ledger.js";
import { whileLoaded } from "../load/workers.js";
import { createHttpClient } from "../net/http-client.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { type Stack, startStack } from "../stack/stack.js";
import { privateMysql, privateRedis, STORE_DEADLINE_MS } from "../stack/stores.js";
import { expectedResultsText } from "./expected-text.js";
import { analyticsText, settledCounts } from "./stack-views.js";

const RECOVERY_TIMEOUT_MS = 15_000;
/** Between two attempts of a refused vote: short, so the first vote after a heal is seen at once. */
const RETRY_PAUSE_MS = 50;

/** Hang the store (SIGSTOP), then crash it (SIGKILL) and start it again on the same data. */
export function storeFaults(backend: StoreKind, server: StoreHandle): Fault[] {
  const name = storeLabel(backend);
  return [
    {
      name: `${name} paused`,
      // Shorter than the store deadline, a pause would only look like a slow store.
      minMs: STORE_DEADLINE_MS[backend] + 1000,
      inject: () => server.pause(),
      heal: () => server.resume(),
    },
    { name: `${name} killed`, inject: () => server.kill(), heal: () => server.restart() },
  ];
}

interface Observation {
  stack: Stack;
  /** Both services still ran, as the same processes, when the load ended. */
  survived: boolean;
  ledger: VoteLedger;
  windows: FaultWindow[];
  probes: { app: ProbeResult[]; analytics: ProbeResult[] };
  stored: number[];
  analyticsText: string | null;
}

/**
 * Votes flow while the store hangs, then crashes and comes back: votes get a fast 503 while it is
 * away, readiness says so, and the services recover by themselves. Each vote carries a
 * `vote_id` and is sent again with it after every refusal until it is acknowledged; the store
 * must then hold exactly one count per vote: none lost, none counted twice.
 */
export async function storeOutage(backend: StoreKind, scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  const seen = await observeOutage(backend, scale);
  const { ledger, windows, stored } = seen;
  const exchanges = ledger.exchanges;
  return {
    scenario: `${storeLabel(backend)} outage under load`,
    load: `${scale.clients} clients, ${total(ledger.sent())} votes in ${exchanges.length} attempts`,
    faults: windows.map((w) => `${w.name} ${formatSeconds(w.to - w.from)}`).join("; "),
    badInputs: 0,
    lostVotes: ledger.lost(stored),
    maxFaultLatencyMs: round(
      Math.max(...windows.map((w) => maxLatency(overlapping(exchanges, w)))),
    ),
    summary: outageSummary(ledger, stored, windows),
    violations: judgeOutage(seen, STORE_DEADLINE_MS[backend] + scale.slackMs),
    figures: {
      votes: total(ledger.sent()),
      attempts: exchanges.length,
      acknowledged: total(ledger.acknowledged()),
      refused: exchanges.filter((e) => e.status === 503).length,
      stored: total(stored),
      extra: ledger.extra(stored),
      recoveryMs: Math.max(...windows.map((w) => round(w.recoveryMs ?? Infinity))),
      outcomes: describeCounts(outcomeCounts(exchanges)),
    },
  };
}

async function observeOutage(backend: StoreKind, scale: Scale): Promise<Observation> {
  return withResources(async (resources) => {
    const store = resources.add(
      backend === "redis" ? await privateRedis() : await privateMysql(),
      (s) => s.close(),
    );
    const stack = await startStack({ store }, resources);
    const client = resources.add(
      createHttpClient(stack.app.origin, { connections: scale.clients, timeoutMs: 15_000 }),
      async (c) => c.close(),
    );
    const faults = storeFaults(backend, store.server!);
    const maxMs =
      faults.reduce((sum, f) => sum + Math.max(scale.faultMs, f.minMs ?? 0), 0) +
      faults.length * (scale.steadyMs + RECOVERY_TIMEOUT_MS) +
      scale.steadyMs +
      30_000;
    const probeOptions = { intervalMs: 100, timeoutMs: 5000, maxMs };
    const appReady = pollProbe(stack.app.origin, "/readyz", probeOptions);
    const analyticsReady = pollProbe(stack.analytics.origin, "/readyz", probeOptions);
    const ledger = new VoteLedger(stack.options);
    const pid = stack.analytics.pid;
    const retry = { pauseMs: RETRY_PAUSE_MS, deadline: now() + maxMs };

    const windows = await whileLoaded(
      {
        workers: scale.clients,
        maxMs,
        step: async (worker, index) =>
          void (await ledger.castUntilAcknowledged(client, ((worker + index) % 2) as 0 | 1, retry)),
      },
      () =>
        runFaultTimeline(faults, {
          steadyMs: scale.steadyMs,
          faultMs: scale.faultMs,
          recoveryTimeoutMs: RECOVERY_TIMEOUT_MS,
          recoveredSince: (since) =>
            ledger.exchanges.some((e) => e.start >= since && e.status === 302),
        }),
    );
    const probes = { app: await appReady.stop(), analytics: await analyticsReady.stop() };
    const stored = await settledCounts(store, stack.options);
    return {
      stack,
      survived: stack.app.alive() && stack.analytics.alive() && stack.analytics.pid === pid,
      ledger,
      windows,
      probes,
      stored,
      analyticsText: await analyticsText(stack),
    };
  });
}

function judgeOutage(seen: Observation, deadlineMs: number): string[] {
  const { stack, ledger, windows, probes, stored } = seen;
  const exchanges = ledger.exchanges;
  const claims = new Claims();
  const strays = unexpected(exchanges, [302, 503]);
  claims.check(
    strays.length === 0,
    "every vote is answered 302 or 503, never dropped or hung",
    () => describeCounts(outcomeCounts(strays)),
  );
  for (const window of windows) {
    const during = overlapping(exchanges, window);
    claims.check(
      during.some((e) => e.status === 503),
      `votes get 503 while ${window.name}`,
      () => describeCounts(outcomeCounts(during)),
    );
    claims.check(
      maxLatency(during) <= deadlineMs,
      `answers stay within ${deadlineMs} ms while ${window.name}`,
      () => `slowest took ${round(maxLatency(during))} ms`,
    );
    for (const [service, results] of Object.entries(probes)) {
      claims.check(
        notReadyDuring(results, window),
        `voting-${service} reports not ready while ${window.name}`,
        () => "every probe said ready",
      );
    }
    claims.check(
      window.recoveryMs !== null,
      `votes succeed again after ${window.name}`,
      () => `no vote succeeded within ${RECOVERY_TIMEOUT_MS} ms`,
    );
  }
  const [sent, acknowledged] = [ledger.sent(), ledger.acknowledged()];
  claims.check(
    total(acknowledged) === total(sent),
    "every refused vote, sent again with its vote_id, is acknowledged in the end",
    () => `${total(sent) - total(acknowledged)} of ${total(sent)} never were`,
  );
  const [lost, extra] = [ledger.lost(stored), ledger.extra(stored)];
  claims.check(
    lost === 0 && extra === 0,
    "the store counts each acknowledged vote_id exactly once",
    () =>
      `stored ${stored.join("/")}, acknowledged ${acknowledged.join("/")}: ` +
      `${lost} missing, ${extra} extra`,
  );
  claims.check(
    seen.survived,
    "both services recover without a restart",
    () => "a service process exited",
  );
  const last = [probes.app.at(-1)?.status, probes.analytics.at(-1)?.status];
  claims.check(
    last[0] === 200 && last[1] === 200,
    "both report ready again at the end",
    () => `last probes: ${last.join(", ")}`,
  );
  claims.check(
    seen.analyticsText === expectedResultsText(stack.options, stored),
    "analytics shows the stored counts afterwards",
    () => `stored ${stored.join("/")}, analytics said "${seen.analyticsText}"`,
  );
  return claims.violations;
}

function outageSummary(ledger: VoteLedger, stored: number[], windows: FaultWindow[]): string {
  const refused = ledger.exchanges.filter((e) => e.status === 503).length;
  const retried = new Set(
    ledger.entries.filter((e) => e.exchange.status === 503).map((e) => e.voteId),
  ).size;
  const recovery = Math.max(...windows.map((w) => w.recoveryMs ?? Infinity));
  return (
    `${refused} attempts refused with 503, ${retried} votes sent again with their vote_id ` +
    `until acknowledged, ${total(stored)} stored for ${total(ledger.acknowledged())} ` +
    `acknowledged, recovered within ${formatSeconds(recovery)}`
  );
}

/** Whether some probe that was under way during the window did not answer "ready". */
export function notReadyDuring(probes: readonly ProbeResult[], window: Window): boolean {
  return probes.some((p) => p.at < window.to && p.end > window.from && p.status !== 200);
}
