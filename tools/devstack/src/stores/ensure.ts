import { findBinaryOnPath, type FindBinary } from "./binaries.js";
import { localDataDir } from "../paths.js";
import { findMysqlInstall } from "./mysql-install.js";
import {
  MYSQL_INSTALL_HINT,
  PRIVATE_MYSQL_PASSWORD,
  PRIVATE_MYSQL_USER,
  startPrivateMysql,
} from "./mysql.js";
import { checkMysql, checkRedis, type Endpoint, type MysqlEndpoint } from "./probe.js";
import { REDIS_INSTALL_HINT, startPrivateRedis } from "./redis.js";
import type { StoreHandle } from "./server-handle.js";

export interface EnsureOptions {
  /** Data directory of a private server; default `<repo>/.local/redis` or `<repo>/.local/mysql`. */
  dataDir?: string;
  findBinary?: FindBinary;
  /** Told when a private server is started. */
  log?: (message: string) => void;
}

/** A store to use: the one configured, or a private one started on its port. */
export interface EnsuredRedis extends Endpoint {
  /** Set when a private server was started; undefined when the configured one answered. */
  handle: StoreHandle | undefined;
  /** Stops the private server, if one was started; leaves anyone else's alone. */
  release(): Promise<void>;
}

export interface EnsuredMysql extends MysqlEndpoint {
  handle: StoreHandle | undefined;
  release(): Promise<void>;
}

/** Uses the Redis at host:port if it answers; otherwise starts a private one there. */
export async function ensureRedis(
  endpoint: Endpoint,
  options: EnsureOptions = {},
): Promise<EnsuredRedis> {
  const where = `${endpoint.host}:${endpoint.port}`;
  const probe = await checkRedis(endpoint);
  if (probe.status === "ok") return { ...endpoint, handle: undefined, release: async () => {} };
  if (probe.status === "unusable") {
    throw new Error(
      `Something at ${where} ${probe.message}; it is not a Redis this app can use. ` +
        "Set REDIS_HOST/REDIS_PORT to a Redis server without a password.",
    );
  }
  if (!isLoopback(endpoint.host)) {
    throw new Error(
      `Redis is not answering at ${where} (${probe.message}). Start it, or set ` +
        "REDIS_HOST/REDIS_PORT to a running server (unset them to use a local one).",
    );
  }
  const findBinary = options.findBinary ?? findBinaryOnPath;
  if (!findBinary("redis-server")) {
    throw new Error(
      `Redis is not running at ${where} and redis-server is not installed. ` +
        `${REDIS_INSTALL_HINT}, or set REDIS_HOST/REDIS_PORT to a running server.`,
    );
  }
  const dataDir = options.dataDir ?? localDataDir("redis");
  options.log?.(
    `Redis is not running at ${where}; starting a private redis-server (data in ${dataDir}).`,
  );
  const handle = await startPrivateRedis({ port: endpoint.port, dataDir, findBinary });
  return { host: handle.host, port: handle.port, handle, release: () => handle.stop() };
}

/**
 * Uses the MySQL server at host:port if it accepts the user; otherwise starts a private one
 * there (root, no password).
 */
export async function ensureMysql(
  endpoint: MysqlEndpoint,
  options: EnsureOptions = {},
): Promise<EnsuredMysql> {
  const where = `${endpoint.host}:${endpoint.port}`;
  const probe = await checkMysql(endpoint);
  if (probe.status === "ok") return { ...endpoint, handle: undefined, release: async () => {} };
  if (probe.status === "unusable") {
    throw new Error(
      `The MySQL server at ${where} did not let user "${endpoint.user}" in: ${probe.message}. ` +
        "Set MYSQL_USER/MYSQL_PASSWORD to an account that may create databases.",
    );
  }
  if (!isLoopback(endpoint.host)) {
    throw new Error(
      `MySQL is not answering at ${where} (${probe.message}). Start it, or set ` +
        "MYSQL_HOST/MYSQL_PORT to a running server (unset them to use a local one).",
    );
  }
  const findBinary = options.findBinary ?? findBinaryOnPath;
  if (!findMysqlInstall(findBinary)) {
    throw new Error(
      `MySQL is not running at ${where} and neither mariadbd nor mysqld is installed. ` +
        `${MYSQL_INSTALL_HINT}, or set MYSQL_HOST/MYSQL_PORT to a running server.`,
    );
  }
  const dataDir = options.dataDir ?? localDataDir("mysql");
  options.log?.(
    `MySQL is not running at ${where}; starting a private server (data in ${dataDir}).`,
  );
  const handle = await startPrivateMysql({ port: endpoint.port, dataDir, findBinary });
  return {
    host: handle.host,
    port: handle.port,
    user: PRIVATE_MYSQL_USER,
    password: PRIVATE_MYSQL_PASSWORD,
    handle,
    release: () => handle.stop(),
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
