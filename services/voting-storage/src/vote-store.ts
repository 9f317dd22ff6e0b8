/** Where votes live. The backend is chosen once, at start; handlers only see this interface. */
export interface VoteStore {
  /** `redis` or `mysql`: shown in the page footer. */
  readonly kind: StoreKind;
  /** Counts one vote. Resolves only after the store has confirmed the write. */
  vote(option: string): Promise<void>;
  /** The count of each option, in the order given. */
  counts(options: readonly string[]): Promise<number[]>;
  /** Sets every option's count back to 0. */
  reset(options: readonly string[]): Promise<void>;
  /** Resolves when the store answers; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type StoreKind = "redis" | "mysql";
