/**
 * Milliseconds on one monotonic clock shared by every sample, mark and poll of a scenario. The
 * global `performance`, read at each call, so that tests' fake timers drive it too.
 */
export function now(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it is true or `timeoutMs` has passed; resolves with how long it took, or
 * null when it never became true. Every wait in the suite is bounded this way.
 */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 50,
): Promise<number | null> {
  const start = now();
  for (;;) {
    if (await check()) return now() - start;
    if (now() - start >= timeoutMs) return null;
    await sleep(intervalMs);
  }
}
