import { pino, type Logger } from "pino";
import { LineBatches } from "./log-batches.js";

export type { Logger };

/**
 * JSON logs on stdout, one line per event, tagged with the service and its version.
 *
 * Lines are gathered and written synchronously, 4 KB at a time and at least every 100 ms, and
 * whatever is left when the process exits is written then. A write per line was the largest cost
 * of a request after the sockets' own (docs/benchmarks.md); pino's asynchronous writes hand each
 * one to libuv's thread pool, which cost more still.
 */
export function createLogger(service: string, version: string, level = "info"): Logger {
  const batches = new LineBatches(pino.destination({ dest: 1, sync: true }), 4096);
  setInterval(() => batches.flush(), 100).unref();
  process.once("exit", () => batches.flushSync());
  return pino(
    { level, base: { service, version }, timestamp: isoTimeOncePerMillisecond() },
    batches,
  );
}

/**
 * pino's ISO time, formatted once per millisecond instead of once per line: under load many lines
 * share a millisecond, and formatting the date was a fifth of the cost of logging a request.
 */
export function isoTimeOncePerMillisecond(): () => string {
  let formattedAt = -1;
  let field = "";
  return () => {
    const now = Date.now();
    if (now !== formattedAt) {
      formattedAt = now;
      // The same field as pino.stdTimeFunctions.isoTime, for the millisecond just read.
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
}

/** A logger that drops everything, for tests that build an app. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
