import { sleep, waitFor } from "../load/clock.js";
import { createHttpClient, resultsText } from "../net/http-client.js";
import type { Stack } from "../stack/stack.js";
import type { StoreUnderTest } from "../stack/stores.js";

/** What analytics answers right now, asked directly. */
export async function analyticsText(stack: Stack): Promise<string | null> {
  const client = createHttpClient(stack.analytics.origin, { connections: 1, timeoutMs: 5000 });
  try {
    const e = await client.send({ method: "GET", path: "/analytics" });
    if (e.status !== 200) return null;
    const { text } = JSON.parse(e.body) as { text?: unknown };
    return typeof text === "string" ? text : null;
  } finally {
    client.close();
  }
}

/** The results line of the page the app renders right now. */
export async function pageResults(stack: Stack): Promise<string | null> {
  const client = createHttpClient(stack.app.origin, { connections: 1, timeoutMs: 5000 });
  try {
    const e = await client.send({ method: "GET", path: "/" });
    return e.status === 200 ? resultsText(e.body) : null;
  } finally {
    client.close();
  }
}

/**
 * The store's counts once they stop changing: votes a frozen store had queued are applied when
 * it runs again, a moment after it is back.
 */
export async function settledCounts(
  store: StoreUnderTest,
  options: readonly string[],
): Promise<number[]> {
  let counts = await store.counts(options);
  await waitFor(async () => {
    await sleep(300);
    const again = await store.counts(options);
    const settled = again.every((count, i) => count === counts[i]);
    counts = again;
    return settled;
  }, 10_000);
  return counts;
}
