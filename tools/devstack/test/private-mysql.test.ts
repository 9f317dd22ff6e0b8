import { createConnection, type Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  ensureMysql,
  findFreePort,
  probeMysql,
  startPrivateMysql,
  type MysqlEndpoint,
  type StoreHandle,
  type TestDatabase,
} from "../src/index.js";
import { processExists, tempDir } from "./helpers.js";

describe("a private MariaDB", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let mysql: StoreHandle;
  let server: MysqlEndpoint;
  let database: TestDatabase;

  const connect = (): Promise<Connection> =>
    createConnection({ ...server, database: database.name, connectTimeout: 2000 });
  const countCats = async () => {
    const connection = await connect();
    try {
      const [rows] = await connection.query(
        "SELECT votes FROM azurevote_totals WHERE votevalue = 'Cats'",
      );
      return (rows as { votes: number }[])[0]?.votes;
    } finally {
      connection.destroy();
    }
  };

  beforeAll(async () => {
    dir = await tempDir("mysql");
    mysql = await startPrivateMysql({ port: await findFreePort(), dataDir: dir.path });
    server = { host: mysql.host, port: mysql.port, user: "root", password: "" };
    database = await createTestDatabase({ server, prefix: "devstack" });
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
    await mysql?.stop();
    await dir?.remove();
  }, 60_000);

  it("when started, then root gets in without a password and the test database has the schema", async () => {
    expect(await probeMysql(server)).toBe(true);
    const connection = await connect();
    try {
      await connection.query("INSERT INTO azurevote (votevalue) VALUES ('Cats'), ('Cats')");
    } finally {
      connection.destroy();
    }
    expect(Number(await countCats())).toBe(2);
  });

  it("when it answers, then ensureMysql uses it and starts nothing", async () => {
    const ensured = await ensureMysql(server, { findBinary: () => undefined });
    expect(ensured.handle).toBeUndefined();
    expect(ensured.port).toBe(server.port);
    await ensured.release();
    expect(await probeMysql(server)).toBe(true);
  });

  it("when paused, then a query times out; when resumed, then queries work again", async () => {
    const connection = await connect();
    try {
      mysql.pause();
      try {
        await expect(connection.query({ sql: "SELECT 1", timeout: 500 })).rejects.toThrow(
          /timeout/i,
        );
        expect(await probeMysql(server)).toBe(false);
      } finally {
        mysql.resume();
      }
    } finally {
      connection.destroy();
    }
    expect(Number(await countCats())).toBe(2);
  });

  it("when stopped, then probes fail; when restarted, then the same port has the same data", async () => {
    const firstPid = mysql.pid;
    await mysql.stop();
    expect(processExists(firstPid)).toBe(false);
    expect(await probeMysql(server)).toBe(false);
    await mysql.restart();
    expect(await probeMysql(server)).toBe(true);
    expect(Number(await countCats())).toBe(2);
  });

  it("when killed and restarted, then committed votes survive the crash", async () => {
    await mysql.kill();
    expect(await probeMysql(server)).toBe(false);
    await mysql.restart();
    expect(Number(await countCats())).toBe(2);
  });

  it("when a test database is dropped, then it is gone, and dropping again is harmless", async () => {
    const extra = await createTestDatabase({ server });
    await extra.drop();
    await extra.drop();
    const connection = await createConnection(server);
    try {
      const [rows] = await connection.query("SHOW DATABASES LIKE ?", [extra.name]);
      expect(rows).toHaveLength(0);
    } finally {
      connection.destroy();
    }
  });
});

describe("starting a private MariaDB", () => {
  it("when no server is installed, then the error says how to install one", async () => {
    await expect(
      startPrivateMysql({ port: 1, dataDir: "/nonexistent", findBinary: () => undefined }),
    ).rejects.toThrow("sudo apt-get install mariadb-server");
  });
});
