import { pino, type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout, one line per event, tagged with the service and its version. */
export function createLogger(service: string, version: string, level = "info"): Logger {
  return pino({ level, base: { service, version }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that drops everything, for tests that build an app. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
