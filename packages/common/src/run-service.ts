import type { RequestListener } from "node:http";
import type { Env } from "./config.js";
import type { Readiness } from "./health.js";
import { exitOnCrash, exitOnSignals, failStart, serve } from "./lifecycle.js";
import { createLogger, type Logger } from "./logger.js";
import {
  createServiceMetrics,
  type ServiceMetrics,
  type ServiceMetricsOptions,
} from "./metrics.js";

/** What every service's config carries to listen, log and shut down. */
export interface RuntimeConfig {
  PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_DELAY_MS: number;
  SERVICE_VERSION: string;
}

/** What a service builds from its config: its app, its readiness and the clients to close. */
export interface ServiceParts {
  app: RequestListener;
  readiness: Readiness;
  closeClients: () => Promise<void>;
  /** Logged once the service listens, e.g. the store it uses. */
  details?: Record<string, unknown>;
}

export interface RunServiceOptions {
  /** Where the service's metrics are kept. Default: createServiceMetrics (Prometheus, on /metrics). */
  createMetrics?: (options: ServiceMetricsOptions) => ServiceMetrics;
}

/**
 * The whole life of a service process: read and check config (a bad value ends it with a message
 * naming the variable), build the service, listen, and shut down cleanly on SIGTERM/SIGINT.
 * Entry points call this and nothing else.
 */
export async function runService<C extends RuntimeConfig>(
  name: string,
  env: Env,
  loadConfig: (env: Env) => C,
  build: (
    config: C,
    logger: Logger,
    metrics: ServiceMetrics,
  ) => ServiceParts | Promise<ServiceParts>,
  { createMetrics = createServiceMetrics }: RunServiceOptions = {},
): Promise<void> {
  const bootLogger = createLogger(name, env.SERVICE_VERSION ?? "?");
  try {
    const config = loadConfig(env);
    const logger = createLogger(name, config.SERVICE_VERSION, config.LOG_LEVEL);
    exitOnCrash(logger);
    const metrics = createMetrics({ service: name, version: config.SERVICE_VERSION });
    const parts = await build(config, logger, metrics);
    const running = await serve({
      app: parts.app,
      port: config.PORT,
      logger,
      readiness: parts.readiness,
      closeClients: parts.closeClients,
      drainDelayMs: config.SHUTDOWN_DELAY_MS,
    });
    exitOnSignals(running, logger);
    logger.info({ port: config.PORT, ...parts.details }, `${name} listening`);
  } catch (error) {
    failStart(bootLogger, error);
  }
}
