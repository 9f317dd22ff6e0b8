import { assertServicesBuilt } from "@voting/devstack";
import { waitFor } from "../load/clock.js";
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
} from "../load/stats.js";
import { VoteLedger } from "../load/vote-ledger.js";
import { whileLoaded } from "../load/workers.js";
import { createHttpClient, type Exchange, resultsText } from "../net/http-client.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { type Stack, startStack } from "../stack/stack.js";
import { privateRedis } from "../stack/stores.js";
import { expectedResultsText } from "./expected-text.js";

/** What the page says in its results line when analytics did not answer in time. */
export const UNAVAILABLE = "Results are unavailable right now";
const RECOVERY_TIMEOUT_MS = 15_000;

/** Kill analytics and start it again; make it slower than the app waits; freeze it. */
export function analyticsFaults(stack: Stack, timeoutMs: number): Fault[] {
  return [
    {
      name: "analytics killed",
      inject: async () => {
        stack.analytics.signal("SIGKILL");
        await stack.analytics.exited;
      },
      heal: () => stack.restartAnalytics(),
    },
    {
      name: "analytics slow",
      inject: () => stack.proxy!.setDelay(timeoutMs + 1000),
      heal: () => stack.proxy!.setDelay(0),
    },
    {
      name: "analytics hung",
      inject: () => stack.analytics.signal("SIGSTOP"),
      heal: () => stack.analytics.signal("SIGCONT"),
    },
  ];
}

interface Observation {
  pages: Exchange[];
  ledger: VoteLedger;
  windows: FaultWindow[];
  appProbes: ProbeResult[];
  /** voting-app still ran, as the same process, when the load ended. */
  appSurvived: boolean;
  stored: number[];
  /** Whether a page showed exactly the stored counts at the end. */
  finalPageAgrees: boolean;
}

/**
 * Pages and votes flow while analytics is killed, slowed past the app's timeout and frozen:
 * the page still renders within the timeout, saying the results are unavailable, votes are
 * still taken, and the results come back when analytics does.
 */
export async function analyticsOutage(scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  const seen = await observeAnalyticsOutage(scale);
  const { pages, ledger, windows } = seen;
  return {
    scenario: "Analytics outage and slowness",
    load: `${scale.clients} clients, ${pages.length} pages, ${ledger.entries.length} votes`,
    faults: windows.map((w) => `${w.name} ${formatSeconds(w.to - w.from)}`).join("; "),
    badInputs: 0,
    lostVotes: ledger.lost(seen.stored),
    maxFaultLatencyMs: round(Math.max(...windows.map((w) => maxLatency(overlapping(pages, w))))),
    summary:
      `${pages.filter((p) => resultsText(p.body) === UNAVAILABLE).length} pages rendered ` +
      `without results, recovered within ` +
      formatSeconds(Math.max(...windows.map((w) => w.recoveryMs ?? Infinity))),
    violations: judgeAnalyticsOutage(seen, scale.analyticsTimeoutMs + scale.slackMs),
    figures: {
      timeoutMs: scale.analyticsTimeoutMs,
      pages: pages.length,
      degradedPages: pages.filter((p) => resultsText(p.body) === UNAVAILABLE).length,
      votes: ledger.entries.length,
      recoveryMs: Math.max(...windows.map((w) => round(w.recoveryMs ?? Infinity))),
    },
  };
}

async function observeAnalyticsOutage(scale: Scale): Promise<Observation> {
  return withResources(async (resources) => {
    const store = resources.add(await privateRedis(), (s) => s.close());
    const stack = await startStack(
      {
        store,
        withProxy: true,
        appEnv: { ANALYTICS_TIMEOUT_MS: String(scale.analyticsTimeoutMs) },
      },
      resources,
    );
    const client = resources.add(
      createHttpClient(stack.app.origin, { connections: scale.clients, timeoutMs: 15_000 }),
      async (c) => c.close(),
    );
    const faults = analyticsFaults(stack, scale.analyticsTimeoutMs);
    const maxMs = faults.length * (scale.faultMs + scale.steadyMs + RECOVERY_TIMEOUT_MS) + 30_000;
    const appReady = pollProbe(stack.app.origin, "/readyz", {
      intervalMs: 100,
      timeoutMs: 5000,
      maxMs,
    });
    const pid = stack.app.pid;
    const pages: Exchange[] = [];
    const ledger = new VoteLedger(stack.options);

    const windows = await whileLoaded(
      {
        workers: scale.clients,
        maxMs,
        step: async (worker, index) => {
          if (index % 2 === 0) pages.push(await client.send({ method: "GET", path: "/" }));
          else await ledger.cast(client, (worker + index) % 4 < 2 ? 0 : 1);
        },
      },
      () =>
        runFaultTimeline(faults, {
          steadyMs: scale.steadyMs,
          faultMs: scale.faultMs,
          recoveryTimeoutMs: RECOVERY_TIMEOUT_MS,
          recoveredSince: (since) => pages.some((p) => p.start >= since && showsResults(p)),
        }),
    );
    const appProbes = await appReady.stop();
    const stored = await store.counts(stack.options);
    // The page must come to show the final counts (one may still be on its way).
    const finalText = expectedResultsText(stack.options, stored);
    const finalPage = await waitFor(async () => {
      const page = await client.send({ method: "GET", path: "/" });
      return resultsText(page.body) === finalText;
    }, 5000);
    return {
      pages,
      ledger,
      windows,
      appProbes,
      appSurvived: stack.app.alive() && stack.app.pid === pid,
      stored,
      finalPageAgrees: finalPage !== null,
    };
  });
}

function judgeAnalyticsOutage(seen: Observation, boundMs: number): string[] {
  const { pages, ledger, windows } = seen;
  const claims = new Claims();
  const badPages = unexpected(pages, [200]);
  claims.check(badPages.length === 0, "every page is answered 200", () =>
    describeCounts(outcomeCounts(badPages)),
  );
  const badVotes = unexpected(ledger.exchanges, [302]);
  claims.check(badVotes.length === 0, "every vote is still acknowledged", () =>
    describeCounts(outcomeCounts(badVotes)),
  );
  for (const window of windows) {
    const during = overlapping(pages, window);
    claims.check(
      during.some((p) => resultsText(p.body) === UNAVAILABLE),
      `pages say "${UNAVAILABLE}" while ${window.name}`,
      () => `none of ${during.length} pages did`,
    );
    claims.check(
      maxLatency(during) <= boundMs,
      `pages render within ${boundMs} ms while ${window.name}`,
      () => `slowest took ${round(maxLatency(during))} ms`,
    );
    claims.check(
      window.recoveryMs !== null,
      `results come back after ${window.name}`,
      () => `no page showed results within ${RECOVERY_TIMEOUT_MS} ms`,
    );
  }
  claims.check(
    seen.appProbes.every((p) => p.status === 200),
    "voting-app stays ready throughout (it can still take votes)",
    () => describeCounts(new Map(seen.appProbes.map((p) => [String(p.status ?? p.error), 1]))),
  );
  claims.check(seen.appSurvived, "voting-app never restarts", () => "voting-app exited");
  const lost = ledger.lost(seen.stored);
  claims.check(lost === 0, "no acknowledged vote is missing", () => `${lost} missing`);
  claims.check(
    seen.finalPageAgrees,
    "the page shows the stored counts at the end",
    () => `stored ${seen.stored.join("/")}`,
  );
  return claims.violations;
}

function showsResults(page: Exchange): boolean {
  const text = page.status === 200 ? resultsText(page.body) : null;
  return text !== null && text !== UNAVAILABLE;
}
