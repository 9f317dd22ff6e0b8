import {
  env,
  type Env,
  parseEnv,
  type ServiceMetrics,
  STORE_TIMEOUT_DEFAULTS_MS,
} from "@voting/common";
import { meteredStore } from "./metered-store.js";
import type { StoreKind, VoteStore } from "./vote-store.js";

// This module is what the services import: it names no driver at the top, so a process loads
// only the one driver its version uses (each costs memory and start-up time).

/** The store variables of the original sample, with its defaults, and the stores' deadlines. */
export const storeEnvShape = {
  REDIS_HOST: env.string("voting-storage"),
  REDIS_PORT: env.port(6379),
  MYSQL_HOST: env.string("voting-storage"),
  MYSQL_PORT: env.port(3306),
  MYSQL_USER: env.string("root"),
  MYSQL_PASSWORD: env.optionalString(),
  MYSQL_DATABASE: env.string("azurevote"),
  // Past these a vote or a count is refused with 503 instead of waiting on a store that is away.
  REDIS_TIMEOUT_MS: env.deadline(STORE_TIMEOUT_DEFAULTS_MS.redis),
  MYSQL_TIMEOUT_MS: env.deadline(STORE_TIMEOUT_DEFAULTS_MS.mysql),
};

export type StoreEnv = ReturnType<typeof parseStoreEnv>;

export function parseStoreEnv(source: Env) {
  return parseEnv(storeEnvShape, source);
}

/** Opens the store a version uses. Connecting happens in the background; readiness reports it. */
export async function openStore(kind: StoreKind, config: StoreEnv): Promise<VoteStore> {
  if (kind === "redis") {
    const { RedisVoteStore } = await import("./redis-store.js");
    return new RedisVoteStore({
      host: config.REDIS_HOST,
      port: config.REDIS_PORT,
      timeoutMs: config.REDIS_TIMEOUT_MS,
    });
  }
  const { MysqlVoteStore } = await import("./mysql-store.js");
  return new MysqlVoteStore({
    host: config.MYSQL_HOST,
    port: config.MYSQL_PORT,
    user: config.MYSQL_USER,
    password: config.MYSQL_PASSWORD ?? "",
    database: config.MYSQL_DATABASE,
    timeoutMs: config.MYSQL_TIMEOUT_MS,
  });
}

/** The store as a service uses it: opened for its version, each command timed in `metrics`. */
export async function openMeteredStore(
  kind: StoreKind,
  config: StoreEnv,
  metrics: Pick<ServiceMetrics, "timeStoreCommand">,
): Promise<VoteStore> {
  return meteredStore(await openStore(kind, config), metrics);
}
