import { measure, warmUp, type RunContext } from "./context.js";
import { OPTIONS } from "./options.js";
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
 *
 * Every scenario's round comes right after a round of the ceiling, and its share of the ceiling
 * is taken against that one: the host's speed drifts by a third within minutes (one run's
 * ceiling rounds measured 32,000, 37,300 and 44,400 req/s), and a scenario measured a minute
 * after the ceiling's only round carried that drift into its share.
 */
export async function measureMain(
  context: RunContext,
  ceiling: Target,
  targets: Target[],
): Promise<MainFigures> {
  const { settings, log } = context;
  for (const target of [ceiling, ...targets]) {
    log(`warming up ${target.id}`);
    await warmUp(context, target);
  }
  const ceilingRounds: Measurement[] = [];
  const rounds = new Map<string, PairedRound[]>(targets.map((target) => [target.id, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const backend of BACKENDS) await context.stores.seed(backend, OPTIONS, 0);
    if (targets.length === 0) {
      // A run of the gateway or the growth alone (--only) still needs the ceiling they are shares of.
      const what = `round ${round}/${settings.rounds} ceiling`;
      ceilingRounds.push(await measure(context, ceiling, settings.durationSec, what));
    }
    for (const target of targets) {
      const what = `round ${round}/${settings.rounds}`;
      const before = await measure(context, ceiling, settings.durationSec, `${what} ceiling`);
      const measured = await measure(context, target, settings.durationSec, `${what} ${target.id}`);
      ceilingRounds.push(before);
      rounds.get(target.id)!.push({ measured, ceilingRps: before.load.rps });
    }
  }
  return {
    ceiling: { ...figuresOf(ceiling, ceilingRounds, 0), ratio: 1 },
    scenarios: targets.map((target) => {
      const paired = rounds.get(target.id)!;
      return figuresOf(
        target,
        paired.map((round) => round.measured),
        paired.map((round) => round.ceilingRps),
      );
    }),
  };
}

interface PairedRound {
  measured: Measurement;
  /** The ceiling's requests/s in the round right before it. */
  ceilingRps: number;
}
