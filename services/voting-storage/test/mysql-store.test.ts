import { randomUUID } from "node:crypto";
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UnavailableError } from "@voting/common";
import { createTestDatabase, findFreePort, type TestDatabase } from "@voting/devstack";
import { MysqlVoteStore } from "../src/mysql-store.js";
import { applySchema } from "../src/schema.js";
import { voteStoreContract } from "./vote-store-contract.js";

let database: TestDatabase;
const opened: MysqlVoteStore[] = [];

function open(overrides: Partial<ConstructorParameters<typeof MysqlVoteStore>[0]> = {}) {
  const store = new MysqlVoteStore({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    database: database.name,
    ...overrides,
  });
  opened.push(store);
  return store;
}

async function sql<T extends RowDataPacket[]>(
  statement: string,
  values: unknown[] = [],
): Promise<T> {
  const connection = await createConnection({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    database: database.name,
  });
  try {
    const [rows] = await connection.query<T>(statement, values);
    return rows;
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ prefix: "storage_test" });
});

afterAll(async () => {
  await database.drop();
});

beforeEach(async () => {
  await sql("DELETE FROM azurevote");
  await sql("DELETE FROM azurevote_vote_ids");
});

/** Vote ids the table holds, each with its age in hours. */
async function storedIds(): Promise<Record<string, number>> {
  const rows = await sql<RowDataPacket[]>(
    "SELECT vote_id, TIMESTAMPDIFF(HOUR, counted_at, CURRENT_TIMESTAMP) AS age FROM azurevote_vote_ids",
  );
  return Object.fromEntries(rows.map((row) => [row.vote_id as string, Number(row.age)]));
}

/** Ids recorded `hours` ago: the clock of the table, moved back. */
async function idsCountedAgo(hours: number, ids: string[]): Promise<void> {
  await sql(
    `INSERT INTO azurevote_vote_ids (vote_id, counted_at) VALUES ${ids.map(() => "(?, CURRENT_TIMESTAMP - INTERVAL ? HOUR)").join(", ")}`,
    ids.flatMap((id) => [id, hours]),
  );
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

describe("MysqlVoteStore on a real MySQL/MariaDB", () => {
  voteStoreContract(() => open());

  it("when a vote is cast, then it is a row of azurevote, as in the original schema", async () => {
    await open().vote("Dogs");
    const rows = await sql<RowDataPacket[]>("SELECT voteid, votevalue FROM azurevote");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.votevalue).toBe("Dogs");
    expect(typeof rows[0]?.voteid).toBe("number");
  });

  it("when reset, then the vote rows are deleted", async () => {
    const store = open();
    await store.vote("Cats");
    await store.vote("Dogs");
    await store.reset(["Cats", "Dogs"]);
    const [row] = await sql<RowDataPacket[]>("SELECT COUNT(*) AS n FROM azurevote");
    expect(Number(row?.n)).toBe(0);
  });

  it("when someone else writes azurevote directly, then the counts still agree with the rows", async () => {
    await sql("INSERT INTO azurevote (votevalue) VALUES ('Cats'), ('Cats'), ('Dogs')");
    await sql("DELETE FROM azurevote WHERE votevalue = 'Dogs'");
    expect(await open().counts(["Cats", "Dogs"])).toEqual([2, 0]);
  });

  it("when the schema is applied again, then data and counts are kept", async () => {
    const store = open();
    await store.vote("Cats");
    const connection = await createConnection({
      host: database.host,
      port: database.port,
      user: database.user,
      password: database.password,
      database: database.name,
    });
    await applySchema(connection);
    await connection.end();
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when votes arrive together, then they share one transaction: all are stored or none is acknowledged", async () => {
    const store = open();
    // A value the column cannot hold makes its statement fail; the edge never lets one through.
    const votes = ["Cats", "Dogs", "x".repeat(46), "Cats"].map((option) => store.vote(option));
    const outcomes = await Promise.allSettled(votes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(4).fill("rejected"));
    const [row] = await sql<RowDataPacket[]>("SELECT COUNT(*) AS n FROM azurevote");
    expect(Number(row?.n)).toBe(0);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);

    await Promise.all(["Cats", "Dogs", "Cats"].map((option) => store.vote(option)));
    expect(await store.counts(["Cats", "Dogs"])).toEqual([2, 1]);
  });

  it("when more votes arrive at once than one statement takes, then every one is stored", async () => {
    const store = open({ maxVotesPerInsert: 7 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.vote(i % 3 ? "Cats" : "Dogs")));
    expect(await store.counts(["Cats", "Dogs"])).toEqual([66, 34]);
    const [row] = await sql<RowDataPacket[]>("SELECT COUNT(*) AS n FROM azurevote");
    expect(Number(row?.n)).toBe(100);
  });

  it("when resets run among batches of votes, then none fails and the counts agree with the rows", async () => {
    const store = open({ maxVotesPerInsert: 5 });
    for (let round = 0; round < 5; round++) {
      const votes = Array.from({ length: 40 }, (_, i) => store.vote(i % 2 ? "Cats" : "Dogs"));
      await Promise.all([...votes, store.reset(["Cats", "Dogs"])]);
    }
    const rows = await sql<RowDataPacket[]>(
      "SELECT votevalue, COUNT(*) AS n FROM azurevote GROUP BY votevalue ORDER BY votevalue",
    );
    const byOption = Object.fromEntries(rows.map((row) => [row.votevalue, Number(row.n)]));
    expect(await store.counts(["Cats", "Dogs"])).toEqual([byOption.Cats ?? 0, byOption.Dogs ?? 0]);
  });

  it("when a vote has an id, then the id is a row of azurevote_vote_ids beside the vote's row", async () => {
    const voteId = randomUUID();
    await open().vote("Dogs", { voteId });
    expect(await storedIds()).toEqual({ [voteId]: 0 });
    const rows = await sql<RowDataPacket[]>("SELECT votevalue FROM azurevote");
    expect(rows.map((row) => row.votevalue)).toEqual(["Dogs"]);
  });

  it("when votes with ids fail together, then no id is kept and their retries count", async () => {
    const store = open();
    const votes = [
      store.vote("Cats", { voteId: "retry-1" }),
      store.vote("x".repeat(46), { voteId: "retry-2" }),
    ];
    const outcomes = await Promise.allSettled(votes);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(await storedIds()).toEqual({});
    await store.vote("Cats", { voteId: "retry-1" });
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when ids are older than 24 hours, then the clean-up removes them and keeps the younger ones", async () => {
    await idsCountedAgo(25, ["old-1", "old-2"]);
    await idsCountedAgo(23, ["young"]);
    expect(await open().removeExpiredVoteIds()).toBe(2);
    expect(Object.keys(await storedIds())).toEqual(["young"]);
  });

  it("when an id has expired, then a vote with that id counts again", async () => {
    const store = open();
    await idsCountedAgo(25, ["expired"]);
    await store.vote("Cats", { voteId: "expired" });
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
    await store.removeExpiredVoteIds();
    await store.vote("Cats", { voteId: "expired" });
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when many ids have expired, then one clean-up removes a bounded number and the next the rest", async () => {
    const store = open();
    await idsCountedAgo(
      30,
      Array.from({ length: 1005 }, (_, i) => `old-${i}`),
    );
    expect(await store.removeExpiredVoteIds()).toBe(1000);
    expect(await store.removeExpiredVoteIds()).toBe(5);
  });

  it("when votes with ids are written, then the store cleans up expired ids by itself", async () => {
    const store = open({ voteIdCleanupIntervalMs: 0 });
    await idsCountedAgo(25, ["old"]);
    const voteId = randomUUID();
    await store.vote("Cats", { voteId });
    await expect.poll(async () => Object.keys(await storedIds())).toEqual([voteId]);
  });

  it("when nothing listens on the port, then a vote fails fast with UnavailableError", async () => {
    const timeoutMs = 500;
    const store = open({ port: await findFreePort(), timeoutMs });
    const started = Date.now();
    await expect(store.vote("Cats")).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.vote("Cats", { voteId: "a" })).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.reset(["Cats"], { voteId: "b" })).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.ping()).rejects.toThrow(/vote store \(MySQL\) is unavailable/);
    // Four calls, none waiting past its deadline (a refused connection fails sooner still).
    expect(Date.now() - started).toBeLessThan(4 * timeoutMs);
  });
});
