import { waitUntil, type WaitResult } from "../wait.js";

export interface ReadyWait {
  /** e.g. http://127.0.0.1:8080/readyz */
  url: string;
  timeoutMs: number;
  /** A reason to stop waiting early (the service died, the user pressed Ctrl-C). */
  giveUp?: () => string | undefined;
}

/** Polls the URL until it answers 200, each attempt bounded to a second. */
export function waitForReady(wait: ReadyWait): Promise<WaitResult> {
  return waitUntil(
    async () => {
      try {
        const response = await fetch(wait.url, { signal: AbortSignal.timeout(1000) });
        await response.body?.cancel();
        return response.status === 200;
      } catch {
        return false;
      }
    },
    { timeoutMs: wait.timeoutMs, intervalMs: 200, giveUp: wait.giveUp },
  );
}
