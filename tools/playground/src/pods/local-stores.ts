import type {
  EnsuredMysql,
  EnsuredRedis,
  EnsureOptions,
  Endpoint,
  MysqlEndpoint,
} from "@voting/devstack";
import { initialiseLikeImage, type MysqlAdmin, mysqlInit } from "./mysql-image.js";

/**
 * The stores of this machine that stand in for the voting-storage pods: Redis for the 1.0
 * image, MySQL for 2.0. Each is checked (or started privately) once, when a pod first needs it.
 */
export interface LocalStores {
  redis(): Promise<Endpoint>;
  /** Prepares MySQL as the 2.0 image would from `env`, and returns the server's address. */
  mysql(env: Readonly<Record<string, string>>): Promise<Endpoint>;
  /** Takes back the rights it granted and stops any server it started. */
  release(): Promise<void>;
}

export interface LocalStoresConfig {
  redis: Endpoint;
  /** An account that may create databases and users. */
  mysql: MysqlEndpoint;
  /** Serve this database whatever MYSQL_DATABASE says (keeps a test's data apart). */
  database?: string;
}

export interface LocalStoresDeps extends MysqlAdmin {
  ensureRedis: (endpoint: Endpoint, options: EnsureOptions) => Promise<EnsuredRedis>;
  ensureMysql: (endpoint: MysqlEndpoint, options: EnsureOptions) => Promise<EnsuredMysql>;
  log: (message: string) => void;
}

export function createLocalStores(config: LocalStoresConfig, deps: LocalStoresDeps): LocalStores {
  let redis: Promise<EnsuredRedis> | undefined;
  let mysql: Promise<EnsuredMysql> | undefined;
  const revokes: (() => Promise<void>)[] = [];
  // A failed attempt is forgotten, so the pod's next try asks again.
  const once = <T>(
    get: () => Promise<T> | undefined,
    set: (value: Promise<T> | undefined) => void,
    make: () => Promise<T>,
  ) => {
    let promise = get();
    if (!promise) {
      promise = make();
      set(promise);
      promise.catch(() => set(undefined));
    }
    return promise;
  };
  return {
    async redis() {
      const store = await once(
        () => redis,
        (value) => (redis = value),
        async () => {
          const ensured = await deps.ensureRedis(config.redis, { log: deps.log });
          deps.log(`voting-storage 1.0 is the Redis server at ${ensured.host}:${ensured.port}.`);
          return ensured;
        },
      );
      return { host: store.host, port: store.port };
    },
    async mysql(env) {
      const init = mysqlInit(env);
      const store = await once(
        () => mysql,
        (value) => (mysql = value),
        async () => {
          const ensured = await deps.ensureMysql(config.mysql, { log: deps.log });
          deps.log(`voting-storage 2.0 is the MySQL server at ${ensured.host}:${ensured.port}.`);
          return ensured;
        },
      );
      const admin = {
        host: store.host,
        port: store.port,
        user: store.user,
        password: store.password,
      };
      const database = config.database ?? init.database;
      revokes.push(await initialiseLikeImage(admin, { ...init, database }, deps));
      return { host: store.host, port: store.port };
    },
    async release() {
      await Promise.allSettled(revokes.splice(0).map((revoke) => revoke()));
      const started = await Promise.allSettled(
        [redis, mysql].filter((store) => store !== undefined),
      );
      await Promise.allSettled(
        started.map((outcome) =>
          outcome.status === "fulfilled" ? outcome.value.release() : undefined,
        ),
      );
    },
  };
}
