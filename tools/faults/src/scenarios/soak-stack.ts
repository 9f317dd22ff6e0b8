import type { StoreKind } from "@voting/storage";
import { assertServicesBuilt, stackOnStore } from "@voting/devstack";
import { type MemorySample, sampleMemory } from "../load/private-memory.js";
import { now } from "../load/clock.js";
import { percentile, round } from "../load/stats.js";
import { runWorkers } from "../load/workers.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { loadedStack } from "../stack/stack.js";
import { expectedResultsText } from "./expected-text.js";
import { SoakTally, pacedStep } from "./soak-load.js";
import { analyticsText, pageResults } from "./stack-views.js";

/** Pages and votes per second on each stack: a steady load, well below what 2 cores serve. */
export const SOAK_RATE = 400;
const SAMPLE_EVERY_MS = 500;

export interface MemoryFigure {
  /** "app 1.0", "analytics 1.1" */
  service: string;
  /**
   * Private memory after the warm-up and at the end, in bytes: each the median of the samples of
   * the 10 s (5 s at CI scale) before, as one sample may fall just before or after a collection.
   */
  warm: number;
  end: number;
  /** The highest sample of the whole soak. */
  peak: number;
}

/** One stack after the soak: what its load saw, what its store holds, what it shows. */
export interface StackSoak {
  backend: StoreKind;
  tally: SoakTally;
  stored: number[];
  expectedText: string;
  fromAnalytics: string | null;
  onPage: string | null;
  memory: MemoryFigure[];
  series: MemorySample[];
}

/**
 * A steady mix of pages and votes on one stack for `scale.soakMs`, sampling each service's
 * private memory; then the counts it stored and shows.
 */
export async function soakStack(backend: StoreKind, scale: Scale): Promise<StackSoak> {
  assertServicesBuilt();
  return withResources(async (resources) => {
    const { store, stack, client } = await loadedStack(backend, scale.clients, resources);
    const names = {
      app: `app ${stackOnStore(backend).app}`,
      analytics: `analytics ${stackOnStore(backend).analytics}`,
    };
    const sampler = sampleMemory(
      { [names.app]: stack.app.pid, [names.analytics]: stack.analytics.pid },
      { intervalMs: SAMPLE_EVERY_MS, maxMs: scale.soakMs + 10_000 },
    );
    const tally = new SoakTally();
    const start = now();
    const mix = {
      client,
      options: stack.options,
      tally,
      rate: SOAK_RATE,
      workers: scale.clients,
      start,
    };
    await runWorkers({
      workers: scale.clients,
      maxStepsPerWorker: Math.ceil((SOAK_RATE * scale.soakMs) / 1000 / scale.clients),
      maxMs: scale.soakMs,
      step: (worker, index) => pacedStep(mix, worker, index),
    });
    const series = await sampler.stop();

    const stored = await store.counts(stack.options);
    const windowMs = Math.min(10_000, scale.soakWarmUpMs / 2);
    const memory = Object.values(names).map((service) => ({
      service,
      warm: medianIn(
        series,
        service,
        start + scale.soakWarmUpMs - windowMs,
        start + scale.soakWarmUpMs,
      ),
      end: medianIn(series, service, start + scale.soakMs - windowMs, Infinity),
      peak: Math.max(0, ...series.map((sample) => sample.bytes[service] ?? 0)),
    }));
    return {
      backend,
      tally,
      stored,
      expectedText: expectedResultsText(stack.options, tally.acknowledged),
      fromAnalytics: await analyticsText(stack),
      onPage: await pageResults(stack),
      memory,
      series,
    };
  });
}

function medianIn(
  series: readonly MemorySample[],
  service: string,
  from: number,
  to: number,
): number {
  const values = series
    .filter((s) => s.at >= from && s.at < to && s.bytes[service] !== undefined)
    .map((s) => s.bytes[service]!);
  return percentile(values, 0.5);
}

export function p99(tally: SoakTally): number {
  return round(percentile(tally.latencies, 0.99));
}
