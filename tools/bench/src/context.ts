import type { LoadGenerator } from "./load/run-load.js";
import type { Measurement } from "./results.js";
import type { Target } from "./measure.js";
import { measureOnce } from "./measure.js";
import type { ModeSettings } from "./modes.js";
import type { BenchStores } from "./stores/bench-stores.js";

/** What every phase of a run uses. */
export interface RunContext {
  settings: ModeSettings;
  /** Scratch directory: every process's log. */
  dir: string;
  log: (line: string) => void;
  stores: BenchStores;
  generator: LoadGenerator;
  /** Aborted when the user interrupts: the run stops at the next load and cleans up. */
  signal?: AbortSignal;
}

/** A load at the mode's connections for `durationSec`, logged as it finishes. */
export async function measure(
  context: RunContext,
  target: Target,
  durationSec: number,
  what: string,
): Promise<Measurement> {
  context.signal?.throwIfAborted();
  const measured = await measureOnce(context.generator, target, {
    connections: context.settings.connections,
    durationSec,
  });
  context.log(`${what}: ${summary(measured)}`);
  return measured;
}

/** Unmeasured load, so that the JIT and the connection pools are warm when it counts. */
export async function warmUp(context: RunContext, target: Target): Promise<void> {
  context.signal?.throwIfAborted();
  if (context.settings.warmupSec <= 0) return;
  await measureOnce(context.generator, target, {
    connections: context.settings.connections,
    durationSec: context.settings.warmupSec,
  });
}

function summary({ load, usage }: Measurement): string {
  const cpu = Object.entries(usage.cpu)
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
    .join(", ");
  return `${load.rps.toFixed(0)} req/s, p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms, ${load.errors} errors; cores: ${cpu}, others ${usage.otherCpu.toFixed(2)}`;
}
