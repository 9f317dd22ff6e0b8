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
});

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

  it("when nothing listens on the port, then a vote fails fast with UnavailableError", async () => {
    const store = open({ port: await findFreePort(), timeoutMs: 500 });
    const started = Date.now();
    await expect(store.vote("Cats")).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.ping()).rejects.toThrow(/vote store \(MySQL\) is unavailable/);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
