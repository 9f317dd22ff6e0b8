import { randomBytes } from "node:crypto";
import { createConnection } from "mysql2/promise";
import { applySchema } from "@voting/storage";
import { storeEndpointsFromEnv } from "../endpoints.js";
import type { MysqlEndpoint } from "../stores/probe.js";

export interface MysqlDatabase extends MysqlEndpoint {
  database: string;
}

/** Creates the database if it is missing (utf8mb4) and applies the vote schema to it. */
export async function prepareMysqlDatabase(target: MysqlDatabase): Promise<void> {
  const name = quoteName(target.database);
  const { database: _database, ...endpoint } = target;
  const connection = await createConnection({ ...endpoint, connectTimeout: 5000 });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4`);
    await connection.query(`USE ${name}`);
    await applySchema(connection);
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}

export interface TestDatabase extends MysqlEndpoint {
  /** The database's name: pass it as MYSQL_DATABASE or mysql2's `database`. */
  name: string;
  /** Drops the database; safe to call twice. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Default: MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD, else root@127.0.0.1:3306. */
  server?: MysqlEndpoint;
  /** Start of the name, to tell whose leftovers they are: `<prefix>_<time>_<random>`. */
  prefix?: string;
}

/** A uniquely named, throw-away database with the vote schema, for one integration test file. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = options.server ?? storeEndpointsFromEnv(process.env).mysql;
  const name = `${options.prefix ?? "test"}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  try {
    await prepareMysqlDatabase({ ...server, database: name });
  } catch (error) {
    const where = `${server.user}@${server.host}:${server.port}`;
    throw new Error(
      `Could not create a test database on ${where}: ${(error as Error).message}. ` +
        "Start MariaDB or MySQL there, or set MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD.",
      { cause: error },
    );
  }
  return { ...server, name, drop: () => dropDatabase(server, name) };
}

async function dropDatabase(server: MysqlEndpoint, database: string): Promise<void> {
  const connection = await createConnection({ ...server, connectTimeout: 5000 });
  try {
    await connection.query(`DROP DATABASE IF EXISTS ${quoteName(database)}`);
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}

// Database names cannot be bound as parameters; only plain names are accepted, so quoting is safe.
function quoteName(name: string): string {
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(name)) {
    throw new Error(
      `"${name}" is not a database name this tool accepts (letters, digits, _ and $)`,
    );
  }
  return `\`${name}\``;
}
