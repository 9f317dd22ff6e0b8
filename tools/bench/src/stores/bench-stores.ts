import { mysqlEnv, redisEnv } from "@voting/devstack";
import type { StoreKind } from "@voting/storage";
import { createBenchMysql, type BenchMysql } from "./mysql.js";
import { startBenchRedis, type BenchRedis } from "./redis.js";
import { seedSplit } from "./seed-plan.js";

/** Both stores of a bench run, seen the same way whatever the backend. */
export interface BenchStores {
  redis: BenchRedis;
  mysql: BenchMysql;
  /** REDIS_* and MYSQL_* for the services. */
  env: Record<string, string>;
  /** "redis-server" / "mariadbd", and its pid when known, for CPU accounting. */
  process(backend: StoreKind): Promise<{ name: string; pid: number | undefined }>;
  /** Empties a backend's store and stores `total` votes split between the two options. */
  seed(backend: StoreKind, options: readonly [string, string], total: number): Promise<void>;
  close(): Promise<void>;
}

export async function openBenchStores(): Promise<BenchStores> {
  const redis = await startBenchRedis();
  let mysql: BenchMysql;
  try {
    mysql = await createBenchMysql();
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return {
    redis,
    mysql,
    env: { ...redisEnv(redis), ...mysqlEnv(mysql, mysql.database) },
    async process(backend) {
      if (backend === "redis") return { name: "redis-server", pid: redis.pid };
      return { name: "mysqld", pid: await mysql.serverPid() };
    },
    async seed(backend, options, total) {
      if (backend === "redis") await redis.setCounts(options, seedSplit(total));
      else await mysql.seed(options, total);
    },
    async close() {
      await Promise.allSettled([redis.stop(), mysql.drop()]);
    },
  };
}
