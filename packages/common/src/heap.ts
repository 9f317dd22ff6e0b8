import { setFlagsFromString } from "node:v8";

/**
 * What each image puts in NODE_OPTIONS, and the benchmark starts each service with.
 *
 * A young generation smaller than V8's 2 × 16 MB: a request's garbage dies young either way, and
 * each pod keeps about 25 MB less (docs/benchmarks.md). voting-app keeps 2 × 4 MB: at 2 × 2 MB its
 * votes were a sixth slower. voting-analytics answered as fast at 2 × 2 MB, with 3–5 MB less.
 *
 * One V8 helper thread instead of four: a pod gets half a core or less (the manifests' limits),
 * so more helpers only wait for the same CPU, and each one keeps a malloc arena of its own. On
 * the bench's two cores the app then kept 5–7 MB less under load, at no more CPU per vote.
 */
export const SERVICE_NODE_OPTIONS = {
  "voting-app": "--max-semi-space-size=4 --v8-pool-size=1",
  "voting-analytics": "--max-semi-space-size=2 --v8-pool-size=1",
} as const;

/** The environment each image gives Node: production mode and the service's NODE_OPTIONS. */
export function imageNodeEnv(service: keyof typeof SERVICE_NODE_OPTIONS): Record<string, string> {
  return { NODE_ENV: "production", NODE_OPTIONS: SERVICE_NODE_OPTIONS[service] };
}

/**
 * What each image's command puts between `node` and the entry point, as the bench, the
 * playground's pods and the fault suite do too: V8 flags that NODE_OPTIONS refuses.
 *
 * No Maglev, the compiler V8 runs between its baseline and its optimizing one (on from Node 22):
 * it compiles on the helper thread, in working memory that malloc keeps once the thread is done
 * with it. Under load the app kept 12–28 MB less and analytics 7–12 MB less without it, at the
 * same CPU per request (docs/benchmarks.md). It has to be on the command line: turned off with
 * setFlagsFromString once the process ran, it made the page a third slower.
 */
export const SERVICE_NODE_FLAGS = ["--no-maglev"] as const;

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
