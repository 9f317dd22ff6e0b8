import { setFlagsFromString } from "node:v8";

/**
 * What the images put in NODE_OPTIONS, and the benchmark starts the services with. A young
 * generation of 2 × 4 MB instead of V8's 2 × 16 MB: a request's garbage dies young either way,
 * and each pod keeps about 25 MB less (docs/benchmarks.md).
 */
export const SERVICE_NODE_OPTIONS = "--max-semi-space-size=4";

/**
 * After each full collection V8 lets the old generation grow by a factor it picks, up to 4×: under
 * load the promoted garbage of finished requests then piled up to three times the live heap
 * before it was collected. 1.3× keeps a pod near its live size for a few more short collections.
 * V8 reads the flag at every collection, so it can be set once the process runs; the services do
 * it by importing "@voting/common/heap-growth-limited" first (see there why first).
 */
export function limitHeapGrowth(): void {
  setFlagsFromString("--heap-growing-percent=30");
}
