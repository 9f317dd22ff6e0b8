import DataLoader from "dataloader";

/**
 * Gathers the calls made in one turn of the event loop (every request read from the sockets
 * together) and hands them to `batch` at once, as votes to write or counts to read. Nothing is
 * cached: each turn is a fresh batch, started after all its callers asked.
 */
export function batchEachTurn<K, V>(
  batch: (keys: readonly K[]) => Promise<V[]>,
  maxBatchSize = Infinity,
): (key: K) => Promise<V> {
  const loader = new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize,
    batchScheduleFn: (dispatch) => setImmediate(dispatch),
  });
  return (key) => loader.load(key);
}
