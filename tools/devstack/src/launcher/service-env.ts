import type { StoreEndpoints } from "../endpoints.js";
import { mysqlEnv, redisEnv } from "../stores/scratch.js";
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
export function serviceEnv(input: ServiceEnvInput): Record<string, string> {
  const { redis, mysql } = input.stores;
  return {
    ...definedOnly(input.base),
    SERVICE_VERSION: input.version,
    PORT: String(input.port),
    SHOWDETAILS: "true",
    FEATUREFLAG: "true",
    ...redisEnv(redis),
    ...mysqlEnv(mysql, DATABASE),
    ANALYTICS_HOST: "127.0.0.1",
    ANALYTICS_PORT: String(input.analyticsPort),
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
