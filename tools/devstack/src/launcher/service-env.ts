import type { StoreEndpoints } from "../endpoints.js";
import { DATABASE } from "./stack-stores.js";

export interface ServiceEnvInput {
  /** The launcher's own environment: PATH, LOG_LEVEL, and TITLE/VOTE1VALUE/VOTE2VALUE if set. */
  base: NodeJS.ProcessEnv;
  version: string;
  port: number;
  analyticsPort: number;
  stores: StoreEndpoints;
}

/** The environment of one service: what the user set, overridden by what this stack needs. */
export function serviceEnv(input: ServiceEnvInput): NodeJS.ProcessEnv {
  const { redis, mysql } = input.stores;
  return {
    ...input.base,
    SERVICE_VERSION: input.version,
    PORT: String(input.port),
    SHOWDETAILS: "true",
    FEATUREFLAG: "true",
    REDIS_HOST: redis.host,
    REDIS_PORT: String(redis.port),
    MYSQL_HOST: mysql.host,
    MYSQL_PORT: String(mysql.port),
    MYSQL_USER: mysql.user,
    MYSQL_PASSWORD: mysql.password,
    MYSQL_DATABASE: DATABASE,
    ANALYTICS_HOST: "127.0.0.1",
    ANALYTICS_PORT: String(input.analyticsPort),
  };
}
