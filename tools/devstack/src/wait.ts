export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each attempt: a reason to give up early (the process being waited on died). */
  giveUp?: () => string | undefined;
}

export type WaitResult = { ok: true } | { ok: false; reason: string };

/** Polls `check` until it answers true, the time is up, or `giveUp` names a reason. */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: WaitOptions,
): Promise<WaitResult> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  for (;;) {
    const reason = options.giveUp?.();
    if (reason !== undefined) return { ok: false, reason };
    if (await check()) return { ok: true };
    if (Date.now() >= deadline)
      return { ok: false, reason: `not ready after ${options.timeoutMs} ms` };
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
