import { request } from "node:http";
import { waitUntil, type WaitResult } from "./wait.js";

export interface ReadyWait {
  /** e.g. http://127.0.0.1:8080/readyz */
  url: string;
  timeoutMs: number;
  /** Between attempts; 200 ms unless told (the bench times start-up, so it asks more often). */
  intervalMs?: number;
  /** A reason to stop waiting early (the service died, the user pressed Ctrl-C). */
  giveUp?: () => string | undefined;
}

/**
 * The one readiness wait of the tools: polls the URL until it answers 200, each attempt bounded
 * to a second, on a connection of its own (none is left open in a pool afterwards).
 */
export function waitForReady(wait: ReadyWait): Promise<WaitResult> {
  return waitUntil(async () => (await statusOf(wait.url)) === 200, {
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs ?? 200,
    giveUp: wait.giveUp,
  });
}

/** One GET; resolves to its status, or 0 when nothing answered. Never rejects. */
export function statusOf(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end();
  });
}
