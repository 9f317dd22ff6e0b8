import { once } from "node:events";
import { Redis } from "ioredis";
import { UnavailableError, withDeadline } from "@voting/common";
import { shareReadsOfOneTurn } from "./shared-reads.js";
import { VOTE_ID_TTL_SECONDS, type VoteStore, type WriteOptions } from "./vote-store.js";

export interface RedisStoreOptions {
  host: string;
  port: number;
  /** Prepended to every key; tests use it to keep to their own keys. */
  keyPrefix?: string;
  /** Longest a command may take before the caller gets a 503. */
  timeoutMs?: number;
}

/**
 * Both scripts check the vote id's key and write the counters in one step, so the id and the
 * count it guards are stored together or not at all. The counters are written before the id: a
 * command that fails (a counter that is not an integer) then leaves no id behind.
 * KEYS[1] is the id's key, the others the counters; ARGV[1] the id's lifetime in seconds.
 */
const VOTE_ONCE = `
if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
redis.call("INCR", KEYS[2])
redis.call("SET", KEYS[1], "vote", "EX", ARGV[1])
return 1`;

const RESET_ONCE = `
if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
for i = 2, #KEYS do redis.call("SET", KEYS[i], "0") end
redis.call("SET", KEYS[1], "reset", "EX", ARGV[1])
return 1`;

/** A script defined on the client: EVALSHA, or EVAL once per connection that lacks it. */
type Script = (keyCount: number, ...keysAndArgs: (string | number)[]) => Promise<number>;

/**
 * One integer counter per option, keyed by the option value (the original sample's layout). A
 * vote id is a key of its own, `vote-id:<id>`, that expires after VOTE_ID_TTL_SECONDS.
 */
export class RedisVoteStore implements VoteStore {
  readonly kind = "redis" as const;
  private readonly client: Redis;
  private readonly timeoutMs: number;
  private connecting: Promise<unknown> | undefined;
  private readonly readCounts = shareReadsOfOneTurn((options) => this.getCounts(options));
  private readonly voteOnce: Script;
  private readonly resetOnce: Script;

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
    this.voteOnce = defineScript(this.client, "voteOnce", VOTE_ONCE);
    this.resetOnce = defineScript(this.client, "resetOnce", RESET_ONCE);
  }

  async vote(option: string, { voteId }: WriteOptions = {}): Promise<void> {
    if (voteId === undefined) await this.run(() => this.client.incr(option));
    else await this.run(() => this.voteOnce(2, voteIdKey(voteId), option, VOTE_ID_TTL_SECONDS));
  }

  async counts(options: readonly string[]): Promise<number[]> {
    return this.run(() => this.readCounts(options));
  }

  private async getCounts(options: readonly string[]): Promise<number[]> {
    const values = await this.client.mget(...options);
    return values.map((value) => Number.parseInt(value ?? "0", 10) || 0);
  }

  async reset(options: readonly string[], { voteId }: WriteOptions = {}): Promise<void> {
    if (voteId === undefined) {
      await this.run(() => this.client.mset(...options.flatMap((option) => [option, "0"])));
    } else {
      const keys = [voteIdKey(voteId), ...options];
      await this.run(() => this.resetOnce(keys.length, ...keys, VOTE_ID_TTL_SECONDS));
    }
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

/** The key that records a vote id; ioredis adds the store's key prefix, as to every key. */
export function voteIdKey(voteId: string): string {
  return `vote-id:${voteId}`;
}

function defineScript(client: Redis, name: string, lua: string): Script {
  client.defineCommand(name, { lua });
  const script = (client as unknown as Record<string, Script>)[name]!;
  return (...args) => script.apply(client, args);
}
