import { privateMemory } from "@voting/devstack";
import { now, sleep } from "./clock.js";

export interface MemorySample {
  at: number;
  /** Private memory in bytes, per process name. */
  bytes: Record<string, number>;
}

export interface MemorySampler {
  readonly samples: MemorySample[];
  stop(): Promise<MemorySample[]>;
}

/** Samples the private memory of each process every `intervalMs` until stopped, or `maxMs`. */
export function sampleMemory(
  pids: Record<string, number>,
  options: { intervalMs: number; maxMs: number },
): MemorySampler {
  const samples: MemorySample[] = [];
  let running = true;
  const deadline = now() + options.maxMs;
  const loop = (async () => {
    while (running && now() < deadline) {
      const at = now();
      const bytes: Record<string, number> = {};
      for (const [name, pid] of Object.entries(pids)) {
        const value = await privateMemory(pid);
        if (value !== undefined) bytes[name] = value;
      }
      samples.push({ at, bytes });
      await sleep(options.intervalMs);
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}
