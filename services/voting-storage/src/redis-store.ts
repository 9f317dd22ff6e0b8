import { once } from "node:events";
import { Redis } from "ioredis";
import { UnavailableError, withDeadline } from "@voting/common";
import { shareReadsOfOneTurn } from "./shared-reads.js";
import type { VoteStore } from "./vote-store.js";

export interface RedisStoreOptions {
  host: string;
  port: number;
  /** Prepended to every key; tests use it to keep to their own keys. */
  keyPrefix?: string;
  /** Longest a command may take before the caller gets a 503. */
  timeoutMs?: number;
}

/** One integer counter per option, keyed by the option value (the original sample's layout). */
export class RedisVoteStore implements VoteStore {
  readonly kind = "redis" as const;
  private readonly client: Redis;
  private readonly timeoutMs: number;
  private connecting: Promise<unknown> | undefined;
  private readonly readCounts = shareReadsOfOneTurn((options) => this.getCounts(options));

  constructor(options: RedisStoreOptions) {
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.client = new Redis({
      host: options.host,
      port: options.port,
      keyPrefix: options.keyPrefix ?? "",
      // While Redis is away, fail at once instead of queueing commands the user is waiting on.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.timeoutMs,
      connectTimeout: this.timeoutMs,
      // Keep reconnecting for as long as the process lives, never more than a second apart.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      lazyConnect: false,
      enableAutoPipelining: true,
    });
    // Connection errors are reported through failed commands and readiness; without a
    // listener, ioredis would print each reconnect attempt as an unhandled error.
    this.client.on("error", () => {});
    this.client.setMaxListeners(0);
  }

  async vote(option: string): Promise<void> {
    await this.run(() => this.client.incr(option));
  }

  async counts(options: readonly string[]): Promise<number[]> {
    return this.run(() => this.readCounts(options));
  }

  private async getCounts(options: readonly string[]): Promise<number[]> {
    const values = await this.client.mget(...options);
    return values.map((value) => Number.parseInt(value ?? "0", 10) || 0);
  }

  async reset(options: readonly string[]): Promise<void> {
    await this.run(() => this.client.mset(...options.flatMap((option) => [option, "0"])));
  }

  async ping(): Promise<void> {
    await this.run(() => this.client.ping());
  }

  async close(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      // On a live connection the command goes out in this turn, without waiting for another.
      const work = this.client.status === "ready" ? command() : this.whenConnected().then(command);
      return await withDeadline(
        work,
        this.timeoutMs,
        () => new Error("Redis did not answer in time"),
      );
    } catch (error) {
      throw new UnavailableError("The vote store (Redis)", error);
    }
  }

  /**
   * Commands are sent only on a live connection (no offline queue, so a command the caller has
   * given up on is never sent later). While connecting, callers wait for the connection, or for
   * the attempt's failure, which rejects at once. run() calls this only when not connected.
   */
  private whenConnected(): Promise<unknown> {
    this.connecting ??= once(this.client, "ready").finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
