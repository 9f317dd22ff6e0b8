import {
  createPool,
  type Pool,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from "mysql2/promise";
import { setTimeout as sleep } from "node:timers/promises";
import { UnavailableError, withDeadline } from "@voting/common";
import { shareReadsOfOneTurn } from "./shared-reads.js";
import { batchEachTurn } from "./turn-batches.js";
import { VOTE_ID_TTL_SECONDS, type VoteStore, type WriteOptions } from "./vote-store.js";

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
  /** Least time between two clean-ups of expired vote ids (default a minute). */
  voteIdCleanupIntervalMs?: number;
}

/** Most expired vote ids one clean-up deletes, so it never holds locks for long. */
const VOTE_ID_CLEANUP_LIMIT = 1000;

interface PendingVote {
  option: string;
  voteId: string | undefined;
}

/**
 * A vote is a row of `azurevote` (the original sample's table). Counts are read from
 * `azurevote_totals`, which the schema's triggers keep in step with `azurevote` inside the
 * same statement, so a count costs the same however many votes are stored.
 *
 * Votes that arrive in the same turn of the event loop are written together: one multi-row
 * INSERT, one transaction, one flush of the redo log, and each vote is still acknowledged only
 * after that commit. With a durable log every commit waits for the disk, so a statement per vote
 * spends most of its time on commits (docs/benchmarks.md says what it costs).
 *
 * A vote or reset with an id is written in a transaction that first inserts the id into
 * `azurevote_vote_ids`, whose primary key it is: a duplicate key means the id was counted
 * already, and nothing more is written for it. Votes with ids still share their turn's batch,
 * transaction and commit. Ids older than VOTE_ID_TTL_SECONDS are deleted now and then, after a
 * batch with ids, by a bounded DELETE off the vote's path.
 */
export class MysqlVoteStore implements VoteStore {
  readonly kind = "mysql" as const;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly resetTimeoutMs: number;
  private readonly cleanupIntervalMs: number;
  private nextCleanupAt = 0;
  private readonly writeVote: (vote: PendingVote) => Promise<true>;
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
    this.pool.pool.on("connection", (connection) => connection.on("error", () => {}));
    this.cleanupIntervalMs = options.voteIdCleanupIntervalMs ?? 60_000;
    this.writeVote = batchEachTurn(
      (votes: readonly PendingVote[]) => this.insertVotes(votes),
      options.maxVotesPerInsert ?? 500,
    );
  }

  async vote(option: string, { voteId }: WriteOptions = {}): Promise<void> {
    await this.run(this.timeoutMs, () => this.writeVote({ option, voteId }));
  }

  /** The rows and their triggers' counts are durable when this resolves. */
  private async insertVotes(votes: readonly PendingVote[]): Promise<true[]> {
    if (votes.every((vote) => vote.voteId === undefined)) {
      // Autocommit: one statement.
      await retryOnDeadlock(() =>
        insertRows(
          this.pool,
          votes.map((vote) => vote.option),
        ),
      );
    } else {
      await retryOnDeadlock(() => this.transaction((tx) => this.insertVotesOnce(tx, votes)));
      this.removeExpiredVoteIdsNowAndThen();
    }
    return votes.map(() => true);
  }

  private async insertVotesOnce(tx: PoolConnection, votes: readonly PendingVote[]): Promise<void> {
    // Claimed in sorted order, so two batches in flight wait for each other instead of deadlocking.
    const ids = [...new Set(votes.flatMap((vote) => vote.voteId ?? []))].sort();
    const fresh = new Set<string>();
    for (const id of ids) if (await claimVoteId(tx, id)) fresh.add(id);
    // A fresh id counts once: the other votes with it in this batch are its retries.
    const rows = votes
      .filter((vote) => vote.voteId === undefined || fresh.delete(vote.voteId))
      .map((vote) => vote.option);
    if (rows.length > 0) await insertRows(tx, rows);
  }

  async counts(options: readonly string[]): Promise<number[]> {
    return this.run(this.timeoutMs, () => this.readCounts(options));
  }

  private async selectCounts(options: readonly string[]): Promise<number[]> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(
      `SELECT votevalue, votes FROM azurevote_totals WHERE votevalue IN (${placeholders(options)})`,
      [...options],
    );
    const byOption = new Map(rows.map((row) => [row.votevalue as string, Number(row.votes)]));
    return options.map((option) => byOption.get(option) ?? 0);
  }

  async reset(options: readonly string[], { voteId }: WriteOptions = {}): Promise<void> {
    const sql = `DELETE FROM azurevote WHERE votevalue IN (${placeholders(options)})`;
    const values = [...options];
    await this.run(this.resetTimeoutMs, () =>
      retryOnDeadlock(async () => {
        if (voteId === undefined) return void (await this.pool.execute(sql, values));
        await this.transaction(async (tx) => {
          if (await claimVoteId(tx, voteId)) await tx.execute(sql, values);
        });
      }),
    );
  }

  /**
   * Deletes vote ids older than VOTE_ID_TTL_SECONDS, at most VOTE_ID_CLEANUP_LIMIT of them, and
   * resolves with how many it deleted. The store runs it by itself; tests and operators may too.
   */
  async removeExpiredVoteIds(): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      "DELETE FROM azurevote_vote_ids WHERE counted_at < CURRENT_TIMESTAMP - INTERVAL ? SECOND " +
        `LIMIT ${VOTE_ID_CLEANUP_LIMIT}`,
      [VOTE_ID_TTL_SECONDS],
    );
    return result.affectedRows;
  }

  /**
   * At most once per cleanup interval, and again at once while a clean-up finds a full load:
   * cheap enough to run beside the votes, with no timer to stop and nothing to schedule.
   */
  private removeExpiredVoteIdsNowAndThen(): void {
    const now = Date.now();
    if (now < this.nextCleanupAt) return;
    this.nextCleanupAt = now + this.cleanupIntervalMs;
    this.removeExpiredVoteIds().then(
      (removed) => {
        if (removed >= VOTE_ID_CLEANUP_LIMIT) this.nextCleanupAt = 0;
      },
      // A failed clean-up is tried again at the next interval; the ids only wait a little longer.
      () => {},
    );
  }

  async ping(): Promise<void> {
    await this.run(this.timeoutMs, () => this.pool.query("SELECT 1"));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** `work` on one connection, in a transaction committed when it resolves, rolled back if not. */
  private async transaction(work: (tx: PoolConnection) => Promise<void>): Promise<void> {
    const tx = await this.pool.getConnection();
    try {
      await tx.beginTransaction();
      await work(tx);
      await tx.commit();
      tx.release();
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await tx.rollback().then(
        () => tx.release(),
        () => tx.destroy(),
      );
      throw error;
    }
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

/** Inserts one vote row per option, in one statement. */
async function insertRows(on: Pool | PoolConnection, options: readonly string[]): Promise<void> {
  // Sorted, every statement locks the totals rows in the same order, so two batches in flight
  // cannot deadlock each other. A text query: a prepared statement per batch size would fill
  // the statement cache.
  const rows = [...options].sort();
  await on.query(
    `INSERT INTO azurevote (votevalue) VALUES ${rows.map(() => "(?)").join(", ")}`,
    rows,
  );
}

/** Records `voteId` in the transaction; false if it was recorded before (a duplicate key). */
async function claimVoteId(tx: PoolConnection, voteId: string): Promise<boolean> {
  try {
    await tx.execute("INSERT INTO azurevote_vote_ids (vote_id) VALUES (?)", [voteId]);
    return true;
  } catch (error) {
    // InnoDB undoes only the failed statement: the transaction goes on.
    if ((error as { code?: string }).code === "ER_DUP_ENTRY") return false;
    throw error;
  }
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ");
}
