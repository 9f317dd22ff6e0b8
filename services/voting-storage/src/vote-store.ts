/** Where votes live. The backend is chosen once, at start; handlers only see this interface. */
export interface VoteStore {
  /** `redis` or `mysql`: shown in the page footer. */
  readonly kind: StoreKind;
  /** Counts one vote. Resolves only after the store has confirmed the write. */
  vote(option: string, write?: WriteOptions): Promise<void>;
  /** The count of each option, in the order given. */
  counts(options: readonly string[]): Promise<number[]>;
  /** Sets every option's count back to 0. */
  reset(options: readonly string[], write?: WriteOptions): Promise<void>;
  /** Resolves when the store answers; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface WriteOptions {
  /**
   * The client's name for this one vote or reset, so that a request retried after a 503 is
   * counted once. The store keeps it with the write, atomically, for at least
   * VOTE_ID_TTL_SECONDS; a write whose id it holds changes nothing and resolves as if it had.
   * At most 64 ASCII characters, checked at the edge. Without an id, every call counts.
   */
  voteId?: string;
}

/** How long a store remembers a vote id: a day, far longer than any client retries. */
export const VOTE_ID_TTL_SECONDS = 86_400;

export type StoreKind = "redis" | "mysql";
