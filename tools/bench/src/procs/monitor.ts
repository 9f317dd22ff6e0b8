import { cpus } from "node:os";
import { privateMemory } from "@voting/devstack";
import { cpuTicks, machineTicks } from "./proc-stats.js";

export interface Usage {
  /** CPU of each watched process, in cores (1 = one core busy all the time). */
  cpu: Record<string, number>;
  /** CPU of everything else on the machine, in cores: other people's work, the kernel. */
  otherCpu: number;
  /**
   * Highest private memory seen for each watched process, MB (Private_Clean + Private_Dirty):
   * what the process alone holds, without the node binary and libraries it shares.
   */
  peakPrivateMb: Record<string, number>;
}

export interface Monitor {
  stop(): Promise<Usage>;
}

/**
 * Watches named processes while a load runs: their CPU time over the whole run, and their
 * private memory sampled every `intervalMs`. The bench's own process is always counted, so
 * that "other" is only what did not belong to the run.
 */
export async function startMonitor(
  watched: Record<string, number>,
  intervalMs = 100,
): Promise<Monitor> {
  const named = { ...watched, bench: process.pid };
  const before = await snapshot(named);
  const peak: Record<string, number> = {};
  const sample = async () => {
    for (const [name, pid] of Object.entries(watched)) {
      const bytes = await privateMemory(pid);
      if (bytes !== undefined) peak[name] = Math.max(peak[name] ?? 0, bytes / 2 ** 20);
    }
  };
  let sampling = sample();
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, intervalMs);

  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      const after = await snapshot(named);
      const cores = cpus().length;
      const elapsedPerCore = (after.machine.total - before.machine.total) / cores || 1;
      const cpu: Record<string, number> = {};
      let ours = 0;
      for (const name of Object.keys(named)) {
        const used = after.procs[name]! - before.procs[name]!;
        ours += used;
        cpu[name] = used / elapsedPerCore;
      }
      const busy = after.machine.busy - before.machine.busy;
      return { cpu, otherCpu: Math.max(0, busy - ours) / elapsedPerCore, peakPrivateMb: peak };
    },
  };
}

async function snapshot(named: Record<string, number>) {
  const procs: Record<string, number> = {};
  for (const [name, pid] of Object.entries(named)) procs[name] = await cpuTicks(pid);
  return { machine: await machineTicks(), procs };
}
