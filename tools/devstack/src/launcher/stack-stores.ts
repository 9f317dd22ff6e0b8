import type { StoreEndpoints } from "../endpoints.js";
import type { MysqlDatabase } from "../mysql/database.js";
import type { EnsuredMysql, EnsuredRedis, EnsureOptions } from "../stores/ensure.js";
import type { Endpoint, MysqlEndpoint } from "../stores/probe.js";
import type { Stack } from "../stacks.js";

export const DATABASE = "azurevote";

export interface StoreDeps {
  ensureRedis: (endpoint: Endpoint, options: EnsureOptions) => Promise<EnsuredRedis>;
  ensureMysql: (endpoint: MysqlEndpoint, options: EnsureOptions) => Promise<EnsuredMysql>;
  prepareMysqlDatabase: (target: MysqlDatabase) => Promise<void>;
  log: (message: string) => void;
}

export interface StackStore {
  /** The configured endpoints, with the stack's store replaced by the one actually in use. */
  endpoints: StoreEndpoints;
  /** Stops the store if it was started privately for this run. */
  release(): Promise<void>;
}

/** Makes the stack's store answer: the configured server, or a private one; MySQL gets its schema. */
export async function bringUpStore(
  stack: Stack,
  configured: StoreEndpoints,
  deps: StoreDeps,
): Promise<StackStore> {
  const options = { log: deps.log };
  if (stack.store === "redis") {
    const redis = await deps.ensureRedis(configured.redis, options);
    if (!redis.handle) deps.log(`Using the Redis server at ${redis.host}:${redis.port}.`);
    const { host, port } = redis;
    return { endpoints: { ...configured, redis: { host, port } }, release: announced(redis, deps) };
  }
  const mysql = await deps.ensureMysql(configured.mysql, options);
  if (!mysql.handle) deps.log(`Using the MySQL server at ${mysql.host}:${mysql.port}.`);
  const { host, port, user, password } = mysql;
  try {
    await deps.prepareMysqlDatabase({ host, port, user, password, database: DATABASE });
  } catch (error) {
    await mysql.release();
    throw new Error(
      `Could not prepare database ${DATABASE} on ${host}:${port}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  deps.log(`Database ${DATABASE} is ready (schema applied).`);
  return {
    endpoints: { ...configured, mysql: { host, port, user, password } },
    release: announced(mysql, deps),
  };
}

function announced(store: EnsuredRedis | EnsuredMysql, deps: StoreDeps): () => Promise<void> {
  return async () => {
    if (store.handle) deps.log(`Stopping the private store server on port ${store.port}.`);
    await store.release();
  };
}
