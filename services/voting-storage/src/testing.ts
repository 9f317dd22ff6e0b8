import { UnavailableError } from "@voting/common";
import type { VoteStore, WriteOptions } from "./vote-store.js";

/** An in-memory store for unit tests; `down` makes it fail like an unreachable backend. */
export class MemoryVoteStore implements VoteStore {
  readonly counters = new Map<string, number>();
  /** Every vote id written; they never expire here. */
  readonly voteIds = new Set<string>();
  down = false;

  constructor(readonly kind: VoteStore["kind"] = "redis") {}

  async vote(option: string, write: WriteOptions = {}): Promise<void> {
    this.failIfDown();
    if (this.seen(write)) return;
    this.counters.set(option, (this.counters.get(option) ?? 0) + 1);
  }

  async counts(options: readonly string[]): Promise<number[]> {
    this.failIfDown();
    return options.map((option) => this.counters.get(option) ?? 0);
  }

  async reset(options: readonly string[], write: WriteOptions = {}): Promise<void> {
    this.failIfDown();
    if (this.seen(write)) return;
    for (const option of options) this.counters.set(option, 0);
  }

  async ping(): Promise<void> {
    this.failIfDown();
  }

  async close(): Promise<void> {}

  /** Whether the write's id was already used; records it if not. */
  private seen({ voteId }: WriteOptions): boolean {
    if (voteId === undefined) return false;
    if (this.voteIds.has(voteId)) return true;
    this.voteIds.add(voteId);
    return false;
  }

  private failIfDown(): void {
    if (this.down) throw new UnavailableError("The vote store (memory)");
  }
}
