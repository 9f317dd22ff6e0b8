import { once } from "node:events";
import http, { type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError } from "./config.js";
import type { Readiness } from "./health.js";
import { HTTP_DEADLINES, type HttpDeadlines } from "./http-deadlines.js";
import type { Logger } from "./logger.js";
import { guardRequest, refuseRequest } from "./request-guards.js";

export interface ServeOptions {
  app: RequestListener;
  port: number;
  host?: string;
  logger: Logger;
  readiness: Readiness;
  /** Closes the service's own clients (pools, agents) once the server has stopped. */
  closeClients: () => Promise<void>;
  /** How long to keep serving after readiness fails, so load balancers stop sending first. */
  drainDelayMs?: number;
  /** Past this, connections still open are cut and the process exits anyway. */
  shutdownTimeoutMs?: number;
  /** Default: HTTP_DEADLINES. Tests shorten them. */
  deadlines?: HttpDeadlines;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Not ready, wait, stop accepting, finish requests in flight, close clients. */
  shutdown: (reason: string) => Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { logger, readiness } = options;
  const server = http.createServer(options.deadlines ?? HTTP_DEADLINES, (req, res) => {
    // While draining, each connection ends with its current answer: keep-alive clients that
    // keep a connection busy would otherwise hold the server open until the shutdown deadline,
    // which then cuts their requests off.
    if (readiness.isDraining) res.setHeader("connection", "close");
    const refusal = guardRequest(req, res);
    if (refusal === null) return options.app(req, res);
    logger.warn({ req: { method: req.method, url: req.url }, refusal }, "request refused");
    refuseRequest(res, refusal);
  });

  server.listen(options.port, options.host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1"}:${port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, "shutting down");
      readiness.startDraining();
      await sleep(options.drainDelayMs ?? 0);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Connections busy at close() go idle once their answer is out: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 50).unref();
      const forced = sleep(options.shutdownTimeoutMs ?? 10_000).then(() => {
        logger.warn("requests still open at the shutdown deadline; closing their connections");
        server.closeAllConnections();
      });
      await Promise.race([closed, forced]);
      clearInterval(sweep);
      await options.closeClients();
      logger.info("stopped");
    })();
    return stopping;
  };

  return { server, url, shutdown };
}

/** The entry points' signal handling: first signal shuts down cleanly, a second one exits at once. */
export function exitOnSignals(running: RunningServer, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, "second signal; exiting now");
      process.exit(1);
    }
    signalled = true;
    running.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * A crash (an exception or a rejection nothing caught) is logged as one fatal line with its
 * stack, and ends the process with code 1: its state is no longer known, and Kubernetes starts
 * a fresh one.
 */
export function exitOnCrash(logger: Logger): void {
  process.on("uncaughtException", (error, origin) => {
    logger.fatal({ err: error, origin }, "crashed");
    process.exit(1);
  });
}

/** Entry points end here when start-up fails: one clear line, exit code 1. */
export function failStart(logger: Logger, error: unknown): never {
  if (error instanceof ConfigError) logger.fatal({ problems: error.problems }, error.message);
  else logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
