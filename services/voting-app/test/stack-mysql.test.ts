import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection, type RowDataPacket } from "mysql2/promise";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  findFreePort,
  prepareMysqlDatabase,
  startPrivateMysql,
  type TestDatabase,
} from "@voting/devstack";
import { MysqlVoteStore } from "@voting/storage";
import { resultsLine } from "./builders.js";
import { expectOutageAndRecovery, expectVoteIdsCountOnce, startRealStack } from "./real-stack.js";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: "app_stack_test" });
});

afterAll(async () => {
  await database.drop();
});

function openMysql() {
  return new MysqlVoteStore({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    database: database.name,
  });
}

describe("app 2.0 and analytics 2.0 on a real MySQL/MariaDB", () => {
  it("when votes are posted, then they are rows of azurevote and the page shows the 2.0 line", async () => {
    const stack = await startRealStack({
      appVersion: "2.0",
      analyticsVersion: "2.0",
      openStore: openMysql,
    });
    try {
      const { app } = stack;
      await request(app)
        .post("/")
        .type("form")
        .send("vote=Cats")
        .expect(302)
        .expect("location", "/");
      await request(app).post("/").type("form").send("vote=Cats").expect(302);
      await request(app).post("/").type("form").send("vote=Dogs").expect(302);
      const page = await request(app).get("/").expect(200);
      expect(resultsLine(page.text)).toBe(
        '<div id="results"> Cats: 2/3 (67%) | Dogs: 1/3 (33%) </div>',
      );
      expect(page.text).toContain('data-app-version="2.0" data-analytics-version="2.0"');
      expect(page.text).toContain("store <strong>mysql</strong>");

      const { host, port, user, password, name } = database;
      const connection = await createConnection({ host, port, user, password, database: name });
      const [rows] = await connection.query<RowDataPacket[]>(
        "SELECT votevalue, COUNT(*) AS n FROM azurevote GROUP BY votevalue ORDER BY votevalue",
      );
      await connection.end();
      expect(rows.map((row) => [row.votevalue, Number(row.n)])).toEqual([
        ["Cats", 2],
        ["Dogs", 1],
      ]);

      await request(app).post("/").type("form").send("vote=reset").expect(302);
      const afterReset = await request(app).get("/").expect(200);
      expect(resultsLine(afterReset.text)).toBe(
        '<div id="results"> Cats: 0/0 (0%) | Dogs: 0/0 (0%) </div>',
      );
    } finally {
      await stack.close();
    }
  });
});

describe("app 2.0 with vote ids on a real MySQL/MariaDB", () => {
  it("when votes carry ids, then a repeated id counts once, even 20 at once, and votes without one count each time", async () => {
    const stack = await startRealStack({
      appVersion: "2.0",
      analyticsVersion: "2.0",
      openStore: openMysql,
    });
    try {
      await expectVoteIdsCountOnce(stack.app);
      const { host, port, user, password, name } = database;
      const connection = await createConnection({ host, port, user, password, database: name });
      const [rows] = await connection.query<RowDataPacket[]>(
        "SELECT votevalue, COUNT(*) AS n FROM azurevote GROUP BY votevalue ORDER BY votevalue",
      );
      const [[ids]] = await connection.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM azurevote_vote_ids",
      );
      await connection.end();
      expect(rows.map((row) => [row.votevalue, Number(row.n)])).toEqual([
        ["Cats", 3],
        ["Dogs", 4],
      ]);
      // The reset's id, and the five votes': ids are kept, whatever they named.
      expect(Number(ids?.n)).toBe(6);
    } finally {
      await stack.close();
    }
  });
});

describe("app 2.0 across a MySQL outage", () => {
  it("when MySQL stops, then votes get a fast 503; when it is back, votes count again with no restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "voting-mysql-"));
    const server = await startPrivateMysql({ port: await findFreePort(), dataDir });
    const target = {
      host: server.host,
      port: server.port,
      user: "root",
      password: "",
      database: "azurevote",
    };
    await prepareMysqlDatabase(target);
    const stack = await startRealStack({
      appVersion: "2.0",
      analyticsVersion: "2.0",
      openStore: () => new MysqlVoteStore({ ...target, timeoutMs: 1000 }),
    });
    try {
      const { app } = stack;
      await expectOutageAndRecovery(app, server, {
        storeName: "MySQL",
        refusedWithinMs: 1500,
        recoveryTimeoutMs: 10000,
      });
    } finally {
      await stack.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
