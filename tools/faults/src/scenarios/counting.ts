import type { StoreKind } from "@voting/storage";
import { assertServicesBuilt, storeLabel } from "@voting/devstack";
import { runWorkers } from "../load/workers.js";
import {
  describeCounts,
  latency,
  maxLatency,
  outcomeCounts,
  percentile,
  round,
} from "../load/stats.js";
import { total, VoteLedger } from "../load/vote-ledger.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { loadedStack } from "../stack/stack.js";
import { expectedResultsText } from "./expected-text.js";
import { analyticsText, pageResults } from "./stack-views.js";

/** Which option client `worker` votes for on its `index`-th vote: 40% the first, 60% the second. */
export function plannedOption(worker: number, index: number): 0 | 1 {
  return (worker + index) % 5 < 2 ? 0 : 1;
}

/**
 * N clients vote at once, with no fault: every vote acknowledged with a 302 is counted exactly
 * once, and analytics and the page show exactly the stored counts. Half the clients send each
 * vote with a fresh `vote_id`, as the page does, and half without, as curl does, so both of the
 * stores' write paths are counted side by side.
 */
export async function exactCounting(backend: StoreKind, scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  return withResources(async (resources) => {
    const { store, stack, client } = await loadedStack(backend, scale.clients, resources);

    const ledger = new VoteLedger(stack.options);
    await runWorkers({
      workers: scale.clients,
      maxStepsPerWorker: scale.votesPerClient,
      maxMs: 120_000,
      step: async (worker, index) =>
        void (await ledger.cast(client, plannedOption(worker, index), worker % 2 === 0)),
    });

    const acknowledged = ledger.acknowledged();
    const stored = await store.counts(stack.options);
    const lost = ledger.lost(stored);
    const doubled = ledger.extra(stored);
    const expectedText = expectedResultsText(stack.options, acknowledged);
    const [fromAnalytics, onPage] = [await analyticsText(stack), await pageResults(stack)];
    const exchanges = ledger.exchanges;
    const sent = total(ledger.sent());

    const claims = new Claims();
    claims.check(total(acknowledged) === sent, "every vote is acknowledged with a 302", () =>
      describeCounts(outcomeCounts(exchanges)),
    );
    claims.check(lost === 0, "no acknowledged vote is missing", () => `${lost} missing`);
    claims.check(doubled === 0, "no vote is counted twice", () => `${doubled} extra`);
    claims.check(
      fromAnalytics === expectedText,
      "analytics shows the acknowledged counts",
      () => `expected "${expectedText}", analytics said "${fromAnalytics}"`,
    );
    claims.check(
      onPage === expectedText,
      "the page's results line shows them too",
      () => `expected "${expectedText}", the page said "${onPage}"`,
    );
    return {
      scenario: `Exact counting under concurrency (${storeLabel(backend)})`,
      load: `${scale.clients} clients, ${sent} votes`,
      faults: "none",
      badInputs: 0,
      lostVotes: lost,
      maxFaultLatencyMs: null,
      summary:
        `p99 latency ${round(percentile(exchanges.map(latency), 0.99))} ms, ` +
        `half the votes with a vote_id`,
      violations: claims.violations,
      figures: {
        clients: scale.clients,
        sent,
        acknowledged: total(acknowledged),
        stored: total(stored),
        doubled,
        withId: ledger.entries.filter((entry) => entry.voteId !== null).length,
        maxLatencyMs: round(maxLatency(exchanges)),
        p99LatencyMs: round(percentile(exchanges.map(latency), 0.99)),
        text: fromAnalytics ?? "",
      },
    };
  });
}
