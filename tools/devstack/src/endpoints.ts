import type { Endpoint, MysqlEndpoint } from "./stores/probe.js";

export interface StoreEndpoints {
  redis: Endpoint;
  mysql: MysqlEndpoint;
}

/**
 * The stores named by REDIS_HOST/REDIS_PORT and MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD,
 * with this machine as the default (the services' own defaults name the Kubernetes Service).
 * Throws one error naming every bad variable.
 */
export function storeEndpointsFromEnv(env: NodeJS.ProcessEnv): StoreEndpoints {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      problems.push(`${name} must be a port number (1-65535), got "${raw}"`);
    }
    return value;
  };
  const endpoints = {
    redis: { host: env.REDIS_HOST || "127.0.0.1", port: port("REDIS_PORT", 6379) },
    mysql: {
      host: env.MYSQL_HOST || "127.0.0.1",
      port: port("MYSQL_PORT", 3306),
      user: env.MYSQL_USER || "root",
      password: env.MYSQL_PASSWORD ?? "",
    },
  };
  if (problems.length > 0) throw new Error(problems.join("; "));
  return endpoints;
}
