import type { Endpoint } from "./route-types.js";

/**
 * Chooses one endpoint of a routed request. `key` names the endpoint set
 * (host, subset and port), so a picker can keep state per set.
 */
export type Picker = (endpoints: readonly Endpoint[], key: string) => Endpoint;

/** Round-robin per endpoint set: what a client sees from the sidecar's default balancing. */
export function roundRobin(): Picker {
  const next = new Map<string, number>();
  return (endpoints, key) => {
    const index = next.get(key) ?? 0;
    next.set(key, index + 1);
    return endpoints[index % endpoints.length]!;
  };
}

/** A reproducible source of numbers in [0, 1) (mulberry32), for tests and replays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
