import { measure, OPTIONS, warmUp, type RunContext } from "./context.js";
import { figuresOf, type Target } from "./measure.js";
import type { Measurement, ScenarioFigures } from "./results.js";
import { BACKENDS } from "./stack.js";

export interface MainFigures {
  ceiling: ScenarioFigures;
  scenarios: ScenarioFigures[];
}

/**
 * The ceiling and every scenario, warmed up, then measured in interleaved rounds so that a
 * burst of other work on the machine hits them alike. Each round starts with empty stores.
 */
export async function measureMain(
  context: RunContext,
  ceiling: Target,
  targets: Target[],
): Promise<MainFigures> {
  const { settings, log } = context;
  const all = [ceiling, ...targets];
  for (const target of all) {
    log(`warming up ${target.id}`);
    await warmUp(context, target);
  }
  const rounds = new Map<string, Measurement[]>(all.map((target) => [target.id, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const backend of BACKENDS) await context.stores.seed(backend, OPTIONS, 0);
    for (const target of all) {
      const what = `round ${round}/${settings.rounds} ${target.id}`;
      rounds.get(target.id)!.push(await measure(context, target, settings.durationSec, what));
    }
  }
  const ceilingFigures = { ...figuresOf(ceiling, rounds.get(ceiling.id)!, 0), ratio: 1 };
  return {
    ceiling: ceilingFigures,
    scenarios: targets.map((target) =>
      figuresOf(target, rounds.get(target.id)!, ceilingFigures.rps),
    ),
  };
}
