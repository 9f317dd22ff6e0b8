import { setTimeout as sleep } from "node:timers/promises";
import { createPool, type Pool, type QueryResult, type RowDataPacket } from "mysql2";
import { UnavailableError, withDeadline } from "@voting/common";
import { shareReadsOfOneTurn } from "./shared-reads.js";
import { batchEachTurn } from "./turn-batches.js";
import type { VoteStore } from "./vote-store.js";

export interface MysqlStoreOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Longest a vote or a count may take before the caller gets a 503. */
  timeoutMs?: number;
  /** Reset deletes every vote row, which takes longer as votes grow. */
  resetTimeoutMs?: number;
  connectionLimit?: number;
  /** Most votes written by one INSERT. */
  maxVotesPerInsert?: number;
}

/**
 * A vote is a row of `azurevote` (the original sample's table). Counts are read from
 * `azurevote_totals`, which the schema's triggers keep in step with `azurevote` inside the
 * same statement, so a count costs the same however many votes are stored.
 *
 * Votes that arrive together are written together: one multi-row INSERT, one transaction, one
 * flush of the redo log, and each vote is still acknowledged only after that commit. With a
 * durable log every commit waits for the disk, so a statement per vote spent most of its time
 * (and MySQL's CPU) on commits (docs/benchmarks.md).
 */
export class MysqlVoteStore implements VoteStore {
  readonly kind = "mysql" as const;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly resetTimeoutMs: number;
  private readonly writeVote: (option: string) => Promise<true>;
  private readonly readCounts = shareReadsOfOneTurn((options) => this.selectCounts(options));

  constructor(options: MysqlStoreOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
    this.pool = createPool({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      connectionLimit: options.connectionLimit ?? 10,
      connectTimeout: this.timeoutMs,
      enableKeepAlive: true,
      charset: "utf8mb4_bin",
      // A bounded queue: when MySQL is slow, extra requests fail fast instead of piling up.
      queueLimit: 200,
    });
    // Broken idle connections are dropped by the pool; their errors need no other handling.
    this.pool.on("connection", (connection) => connection.on("error", () => {}));
    this.writeVote = batchEachTurn(
      (votes: readonly string[]) => this.insertVotes(votes),
      options.maxVotesPerInsert ?? 500,
    );
  }

  async vote(option: string): Promise<void> {
    await this.run(this.timeoutMs, () => this.writeVote(option));
  }

  /** Autocommit: the rows and their triggers' counts are durable when this resolves. */
  private async insertVotes(options: readonly string[]): Promise<true[]> {
    // Sorted, every statement locks the totals rows in the same order, so two batches in flight
    // cannot deadlock each other.
    const rows = [...options].sort();
    await retryOnDeadlock(() => this.insertRows(rows));
    return options.map(() => true);
  }

  private insertRows(options: string[]): Promise<void> {
    // A text query: a prepared statement per batch size would fill the statement cache.
    return new Promise((resolve, reject) =>
      this.pool.query(
        `INSERT INTO azurevote (votevalue) VALUES ${options.map(() => "(?)").join(", ")}`,
        options,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }

  async counts(options: readonly string[]): Promise<number[]> {
    return this.run(this.timeoutMs, () => this.readCounts(options));
  }

  private async selectCounts(options: readonly string[]): Promise<number[]> {
    const rows = await this.execute<RowDataPacket[]>(
      `SELECT votevalue, votes FROM azurevote_totals WHERE votevalue IN (${placeholders(options)})`,
      [...options],
    );
    const byOption = new Map(rows.map((row) => [row.votevalue as string, Number(row.votes)]));
    return options.map((option) => byOption.get(option) ?? 0);
  }

  async reset(options: readonly string[]): Promise<void> {
    await this.run(this.resetTimeoutMs, () =>
      retryOnDeadlock(() =>
        this.execute(`DELETE FROM azurevote WHERE votevalue IN (${placeholders(options)})`, [
          ...options,
        ]),
      ),
    );
  }

  async ping(): Promise<void> {
    await this.run(
      this.timeoutMs,
      () =>
        new Promise<void>((resolve, reject) =>
          this.pool.query("SELECT 1", (error) => (error ? reject(error) : resolve())),
        ),
    );
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.pool.end(() => resolve()));
  }

  /**
   * A prepared statement on the callback pool. mysql2's promise wrapper captures a stack trace
   * on every call, for errors this store wraps anyway: that was 5% of a vote's CPU.
   */
  private execute<T extends QueryResult>(sql: string, values: string[]): Promise<T> {
    return new Promise((resolve, reject) => {
      this.pool.execute<T>(sql, values, (error, result) =>
        error ? reject(error) : resolve(result),
      );
    });
  }

  private async run<T>(timeoutMs: number, statement: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(
        statement(),
        timeoutMs,
        () => new Error("MySQL did not answer in time"),
      );
    } catch (error) {
      throw new UnavailableError("The vote store (MySQL)", error);
    }
  }
}

/**
 * A reset deletes rows in table order while a batch of votes inserts them sorted, so the two can
 * deadlock on the totals rows. InnoDB then rolls one statement back whole; its advice is to run
 * it again. The pause, a little longer each time, lets the other statement finish first.
 */
async function retryOnDeadlock<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= attempts || (error as { code?: string }).code !== "ER_LOCK_DEADLOCK") {
        throw error;
      }
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ");
}
