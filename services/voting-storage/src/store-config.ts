import { env, type Env, parseEnv } from "@voting/common";
import { MysqlVoteStore } from "./mysql-store.js";
import { RedisVoteStore } from "./redis-store.js";
import type { StoreKind, VoteStore } from "./vote-store.js";

/** The store variables of the original sample, with its defaults. */
export const storeEnvShape = {
  REDIS_HOST: env.string("voting-storage"),
  REDIS_PORT: env.port(6379),
  MYSQL_HOST: env.string("voting-storage"),
  MYSQL_PORT: env.port(3306),
  MYSQL_USER: env.string("root"),
  MYSQL_PASSWORD: env.optionalString(),
  MYSQL_DATABASE: env.string("azurevote"),
};

export type StoreEnv = ReturnType<typeof parseStoreEnv>;

export function parseStoreEnv(source: Env) {
  return parseEnv(storeEnvShape, source);
}

/** Opens the store a version uses. Connecting happens in the background; readiness reports it. */
export function openStore(kind: StoreKind, config: StoreEnv): VoteStore {
  if (kind === "redis")
    return new RedisVoteStore({ host: config.REDIS_HOST, port: config.REDIS_PORT });
  return new MysqlVoteStore({
    host: config.MYSQL_HOST,
    port: config.MYSQL_PORT,
    user: config.MYSQL_USER,
    password: config.MYSQL_PASSWORD ?? "",
    database: config.MYSQL_DATABASE,
  });
}
