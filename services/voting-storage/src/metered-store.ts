import type { ServiceMetrics } from "@voting/common";
import type { VoteStore } from "./vote-store.js";

/**
 * The same store, with each command timed and each failure counted by store kind, so a scrape
 * shows how the store answers without a look into Redis or MySQL themselves.
 */
export function meteredStore(
  store: VoteStore,
  metrics: Pick<ServiceMetrics, "timeStoreCommand">,
): VoteStore {
  const timed = <T>(command: string, run: () => Promise<T>) =>
    metrics.timeStoreCommand(store.kind, command, run);
  return {
    kind: store.kind,
    vote: (option, write) => timed("vote", () => store.vote(option, write)),
    counts: (options) => timed("counts", () => store.counts(options)),
    reset: (options, write) => timed("reset", () => store.reset(options, write)),
    ping: () => timed("ping", () => store.ping()),
    close: () => store.close(),
  };
}
