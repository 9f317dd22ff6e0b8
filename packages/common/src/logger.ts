import { pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout, one line per event, tagged with the service and its version.
 *
 * Each line is written synchronously. pino's default hands every write to libuv's thread pool,
 * which under load cost about ten times more CPU than the write itself (profiled in
 * docs/benchmarks.md), and a line written synchronously is never lost when the process dies.
 */
export function createLogger(service: string, version: string, level = "info"): Logger {
  return pino(
    { level, base: { service, version }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** A logger that drops everything, for tests that build an app. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
