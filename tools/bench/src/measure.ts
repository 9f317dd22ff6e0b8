import type { StoreKind } from "@voting/storage";
import type { LoadGenerator } from "./load/run-load.js";
import type { LoadSpec } from "./load/spec.js";
import { startMonitor } from "./procs/monitor.js";
import type { Measurement, ScenarioFigures } from "./results.js";
import { median } from "./stats.js";

/** What to load and which processes serve it. */
export interface Target {
  id: string;
  label: string;
  backend: StoreKind | null;
  spec: Omit<LoadSpec, "connections" | "durationSec">;
  /** The processes that serve it, by name: their CPU and memory are recorded. */
  watched: Record<string, number>;
}

/** One load run of `target`, with the machine watched meanwhile. */
export async function measureOnce(
  generator: LoadGenerator,
  target: Target,
  load: { connections: number; durationSec: number },
): Promise<Measurement> {
  const monitor = await startMonitor({ ...target.watched, load: generator.pid });
  try {
    const result = await generator.run({ ...target.spec, ...load });
    return { load: result, usage: await monitor.stop() };
  } catch (error) {
    await monitor.stop();
    throw error;
  }
}

/**
 * The medians of a target's rounds. `ceilingRps` turns requests/s into a share of the ceiling:
 * one figure for every round, or the ceiling each round was paired with, round by round; the
 * share is then the median of the rounds' shares.
 */
export function figuresOf(
  target: Target,
  rounds: Measurement[],
  ceilingRps: number | number[],
): ScenarioFigures {
  const rps = median(rounds.map((round) => round.load.rps));
  const cpu: Record<string, number> = {};
  for (const name of [...Object.keys(target.watched), "load", "bench"]) {
    cpu[name] = median(rounds.map((round) => round.usage.cpu[name] ?? 0));
  }
  return {
    id: target.id,
    label: target.label,
    backend: target.backend,
    rounds,
    rps,
    p50Ms: median(rounds.map((round) => round.load.p50Ms)),
    p99Ms: median(rounds.map((round) => round.load.p99Ms)),
    ratio: shareOf(rounds, rps, ceilingRps),
    requests: rounds.reduce((sum, round) => sum + round.load.requests, 0),
    errors: rounds.reduce((sum, round) => sum + round.load.errors, 0),
    cpu,
    otherCpu: median(rounds.map((round) => round.usage.otherCpu)),
  };
}

function shareOf(rounds: Measurement[], rps: number, ceilingRps: number | number[]): number {
  const share = (measured: number, ceiling: number | undefined) =>
    ceiling !== undefined && ceiling > 0 ? measured / ceiling : 0;
  if (!Array.isArray(ceilingRps)) return share(rps, ceilingRps);
  return median(rounds.map((round, index) => share(round.load.rps, ceilingRps[index])));
}

/** Whatever in these figures says the scenario did not work: no answers, or wrong ones. */
export function problemsOf(figures: ScenarioFigures): string[] {
  const problems: string[] = [];
  if (figures.requests === 0) problems.push(`${figures.id}: no request was answered`);
  if (figures.errors > 0) {
    const statuses = new Map<string, number>();
    for (const round of figures.rounds) {
      for (const [status, count] of Object.entries(round.load.statusCounts)) {
        statuses.set(status, (statuses.get(status) ?? 0) + count);
      }
    }
    const seen = [...statuses].map(([status, count]) => `${count}× ${status}`).join(", ");
    problems.push(`${figures.id}: ${figures.errors} errors (answers: ${seen || "none"})`);
  }
  return problems;
}
