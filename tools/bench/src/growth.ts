import type { StoreKind } from "@voting/storage";
import { measure, warmUp, type RunContext } from "./context.js";
import { OPTIONS } from "./options.js";
import { figuresOf, type Target } from "./measure.js";
import type { GrowthFigures, Measurement } from "./results.js";
import { seedSplit } from "./stores/seed-plan.js";

/** One backend's analytics call and page, to measure with more and more votes stored. */
export interface GrowthTargets {
  backend: StoreKind;
  analytics: Target;
  page: Target;
  /** Where to read the counts back after a seed. */
  analyticsUrl: string;
}

interface Step {
  votes: number;
  seedSec: number[];
  readBack: [number, number];
  analytics: Measurement[];
  page: Measurement[];
}

/**
 * Analytics and the page with each of the mode's vote counts stored, on each backend. Every
 * round visits every count (seeding it afresh), so a slow spell on the machine falls on all
 * counts alike instead of on whichever was measured last.
 */
export async function measureGrowth(
  context: RunContext,
  backends: GrowthTargets[],
  ceilingRps: number,
): Promise<GrowthFigures[]> {
  const { settings } = context;
  const growth: GrowthFigures[] = [];
  for (const targets of backends) {
    await warmUp(context, targets.analytics);
    const steps: Step[] = settings.growthSizes.map((votes) => ({
      votes,
      seedSec: [],
      readBack: [-1, -1],
      analytics: [],
      page: [],
    }));
    for (let round = 1; round <= settings.growthRounds; round++) {
      for (const step of steps) await measureStep(context, targets, step, round);
    }
    for (const step of steps) {
      growth.push({
        backend: targets.backend,
        votes: step.votes,
        seedSec: Math.max(...step.seedSec),
        readBack: step.readBack,
        analytics: figuresOf(targets.analytics, step.analytics, ceilingRps),
        page: figuresOf(targets.page, step.page, ceilingRps),
      });
    }
  }
  return growth;
}

async function measureStep(
  context: RunContext,
  { backend, analytics, page, analyticsUrl }: GrowthTargets,
  step: Step,
  round: number,
): Promise<void> {
  const started = performance.now();
  await context.stores.seed(backend, OPTIONS, step.votes);
  step.seedSec.push((performance.now() - started) / 1000);
  context.log(
    `growth ${backend}: ${step.votes} votes stored in ${step.seedSec.at(-1)!.toFixed(1)} s`,
  );
  const readBack = await countsOf(analyticsUrl);
  // A seed that did not land is reported whichever round it happened in.
  if (round === 1 || !sameCounts(readBack, seedSplit(step.votes))) step.readBack = readBack;
  const what = (key: string) => `growth ${backend} ${step.votes} votes, ${key}, round ${round}`;
  const duration = context.settings.growthDurationSec;
  step.analytics.push(await measure(context, analytics, duration, what("analytics")));
  step.page.push(await measure(context, page, duration, what("page")));
}

/** Whether analytics read back exactly what was seeded. */
export function seedProblems(growth: GrowthFigures): string[] {
  const expected = seedSplit(growth.votes);
  if (sameCounts(growth.readBack, expected)) return [];
  return [
    `growth ${growth.backend} ${growth.votes}: analytics read ${growth.readBack.join("/")} after ${expected.join("/")} were stored`,
  ];
}

function sameCounts(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

async function countsOf(analyticsUrl: string): Promise<[number, number]> {
  const response = await fetch(`${analyticsUrl}/analytics`);
  const body = (await response.json()) as {
    category1?: { count?: number };
    category2?: { count?: number };
  };
  return [body.category1?.count ?? -1, body.category2?.count ?? -1];
}
