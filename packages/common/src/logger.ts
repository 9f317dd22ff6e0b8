import { pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout, one line per event, tagged with the service and its version.
 *
 * pino's own destination, synchronous: each line is written before the call that logged it
 * returns, so nothing is left in a buffer to flush when the process ends, whether it shuts down
 * cleanly, crashes (lifecycle.ts logs the crash, then exits) or is killed. pino's asynchronous
 * mode writes what is buffered at exit, but a write still under way at that moment is cut off
 * with its lines.
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
