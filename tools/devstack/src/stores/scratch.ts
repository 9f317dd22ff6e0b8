import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../ports.js";
import { startPrivateMysql } from "./mysql.js";
import type { Endpoint, MysqlEndpoint } from "./probe.js";
import { startPrivateRedis } from "./redis.js";
import type { StoreHandle } from "./server-handle.js";

/** A private store server on a free port with its data in a fresh temporary directory. */
export interface ScratchStore extends StoreHandle {
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

/** A redis-server of one's own, for a test or a run that may stop, kill or pause it. */
export function startScratchRedis(): Promise<ScratchStore> {
  return scratch("redis", (port, dataDir) => startPrivateRedis({ port, dataDir }));
}

/** A MariaDB/MySQL server of one's own (root, no password), for the same. */
export function startScratchMysql(): Promise<ScratchStore> {
  return scratch("mysql", (port, dataDir) => startPrivateMysql({ port, dataDir }));
}

async function scratch(
  name: string,
  start: (port: number, dataDir: string) => Promise<StoreHandle>,
): Promise<ScratchStore> {
  const dataDir = await mkdtemp(join(tmpdir(), `voting-${name}-`));
  const remove = () => rm(dataDir, { recursive: true, force: true });
  let handle: StoreHandle;
  try {
    handle = await start(await findFreePort(), dataDir);
  } catch (error) {
    await remove();
    throw error;
  }
  // The handle's getters (pid changes on restart) stay live: extend it, do not copy it.
  return Object.assign(Object.create(handle) as StoreHandle, {
    dispose: async () => {
      await handle.stop();
      await remove();
    },
  });
}

/** The variables that point a service at a Redis: REDIS_HOST and REDIS_PORT. */
export function redisEnv(redis: Endpoint): Record<string, string> {
  return { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port) };
}

/** The variables that point a service at a MySQL database: MYSQL_HOST ... MYSQL_DATABASE. */
export function mysqlEnv(mysql: MysqlEndpoint, database: string): Record<string, string> {
  return {
    MYSQL_HOST: mysql.host,
    MYSQL_PORT: String(mysql.port),
    MYSQL_USER: mysql.user,
    MYSQL_PASSWORD: mysql.password,
    MYSQL_DATABASE: database,
  };
}
