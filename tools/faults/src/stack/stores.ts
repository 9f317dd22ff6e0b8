import { Redis } from "ioredis";
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { STORE_TIMEOUT_DEFAULTS_MS } from "@voting/common";
import {
  createTestDatabase,
  type MysqlEndpoint,
  mysqlEnv,
  prepareMysqlDatabase,
  redisEnv,
  startScratchMysql,
  startScratchRedis,
  type StoreHandle,
} from "@voting/devstack";
import type { StoreKind } from "@voting/storage";

/**
 * The store deadlines the services run with here: their own defaults, also given to them as
 * REDIS_TIMEOUT_MS and MYSQL_TIMEOUT_MS, so that the claims and the services read one figure.
 */
export const STORE_DEADLINE_MS: Readonly<Record<StoreKind, number>> = STORE_TIMEOUT_DEFAULTS_MS;

/** A store the services under test use, and a way to look inside it that bypasses them. */
export interface StoreUnderTest {
  readonly backend: StoreKind;
  /** The variables that point a service at it (REDIS_* or MYSQL_*). */
  readonly env: Record<string, string>;
  /** The private server, present when the scenario may stop, kill or pause it. */
  readonly server: StoreHandle | undefined;
  /** Each option's stored count, read straight from the store. */
  counts(options: readonly string[]): Promise<number[]>;
  /** Every vote value the store holds anything for: Redis keys, or values in the vote tables. */
  writtenValues(): Promise<string[]>;
  close(): Promise<void>;
}

/** A redis-server of our own on a free port, in a temporary directory. */
export async function privateRedis(): Promise<StoreUnderTest> {
  const server = await startScratchRedis();
  const withClient = async <T>(use: (client: Redis) => Promise<T>): Promise<T> => {
    const client = new Redis({
      host: server.host,
      port: server.port,
      lazyConnect: true,
      connectTimeout: 3000,
      commandTimeout: 3000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      return await use(client);
    } finally {
      client.disconnect();
    }
  };
  return {
    backend: "redis",
    env: { ...redisEnv(server), REDIS_TIMEOUT_MS: String(STORE_DEADLINE_MS.redis) },
    server,
    counts: (options) =>
      withClient(async (client) =>
        (await client.mget(...options)).map((value) => Number(value ?? 0)),
      ),
    writtenValues: () => withClient((client) => client.keys("*")),
    close: () => server.dispose(),
  };
}

/** A throw-away database with the vote schema on the machine's MySQL server. */
export async function throwawayMysql(): Promise<StoreUnderTest> {
  const db = await createTestDatabase({ prefix: "faults" });
  const target = { host: db.host, port: db.port, user: db.user, password: db.password };
  return mysqlStore({ ...target, database: db.name }, undefined, () => db.drop());
}

/** A MariaDB/MySQL server of our own on a free port, holding the `azurevote` database. */
export async function privateMysql(): Promise<StoreUnderTest> {
  const server = await startScratchMysql();
  const target = { host: server.host, port: server.port, user: "root", password: "" };
  await prepareMysqlDatabase({ ...target, database: "azurevote" }).catch(async (error: unknown) => {
    await server.dispose();
    throw error;
  });
  return mysqlStore({ ...target, database: "azurevote" }, server, () => server.dispose());
}

function mysqlStore(
  target: MysqlEndpoint & { database: string },
  server: StoreHandle | undefined,
  close: () => Promise<void>,
): StoreUnderTest {
  const query = async (sql: string, values: unknown[] = []): Promise<RowDataPacket[]> => {
    const connection = await createConnection({ ...target, connectTimeout: 3000 });
    try {
      const [rows] = await connection.query<RowDataPacket[]>(sql, values);
      return rows;
    } finally {
      await connection.end().catch(() => connection.destroy());
    }
  };
  return {
    backend: "mysql",
    env: {
      ...mysqlEnv(target, target.database),
      MYSQL_TIMEOUT_MS: String(STORE_DEADLINE_MS.mysql),
    },
    server,
    // The rows are the truth; the totals table the services read is checked against them elsewhere.
    counts: async (options) => {
      const rows = await query(
        "SELECT votevalue, COUNT(*) AS n FROM azurevote WHERE votevalue IN (?) GROUP BY votevalue",
        [options],
      );
      const byValue = new Map(rows.map((row) => [row.votevalue as string, Number(row.n)]));
      return options.map((option) => byValue.get(option) ?? 0);
    },
    writtenValues: async () => {
      const rows = await query(
        "SELECT DISTINCT votevalue FROM azurevote UNION SELECT votevalue FROM azurevote_totals",
      );
      return rows.map((row) => row.votevalue as string);
    },
    close,
  };
}

/** A store no fault will touch, of the backend a scenario runs on. */
export function storeFor(backend: StoreKind): Promise<StoreUnderTest> {
  return backend === "redis" ? privateRedis() : throwawayMysql();
}
