import { readFile } from "node:fs/promises";
import { now, sleep } from "./clock.js";

/**
 * The memory a process alone holds, in bytes: Private_Clean + Private_Dirty of
 * /proc/<pid>/smaps_rollup. Unlike RSS it leaves out the pages shared with other processes
 * (Node's binary and libraries), so it moves only with what the process itself allocates.
 * Undefined once the process is gone.
 */
export async function privateMemory(pid: number): Promise<number | undefined> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => undefined);
  if (rollup === undefined) return undefined;
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? NaN);
  const total = kilobytes("Private_Clean") + kilobytes("Private_Dirty");
  if (Number.isNaN(total)) throw new Error(`/proc/${pid}/smaps_rollup has no Private_* lines`);
  return total * 1024;
}

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
