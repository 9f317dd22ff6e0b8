import { UnavailableError } from "@voting/common";
import type { VoteStore } from "./vote-store.js";

/** An in-memory store for unit tests; `down` makes it fail like an unreachable backend. */
export class MemoryVoteStore implements VoteStore {
  readonly counters = new Map<string, number>();
  down = false;

  constructor(readonly kind: VoteStore["kind"] = "redis") {}

  async vote(option: string): Promise<void> {
    this.failIfDown();
    this.counters.set(option, (this.counters.get(option) ?? 0) + 1);
  }

  async counts(options: readonly string[]): Promise<number[]> {
    this.failIfDown();
    return options.map((option) => this.counters.get(option) ?? 0);
  }

  async reset(options: readonly string[]): Promise<void> {
    this.failIfDown();
    for (const option of options) this.counters.set(option, 0);
  }

  async ping(): Promise<void> {
    this.failIfDown();
  }

  async close(): Promise<void> {}

  private failIfDown(): void {
    if (this.down) throw new UnavailableError("The vote store (memory)");
  }
}
