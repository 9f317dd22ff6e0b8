import { storeLabel } from "@voting/devstack";
import type { StoreKind } from "@voting/storage";
import { barePageId } from "../bare-page.js";
import type { BenchReport, GrowthFigures, ScenarioFigures } from "../results.js";
import { BACKENDS } from "../stack.js";
import { median } from "../stats.js";

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** The floors the services must hold, checked against one run's figures. */
export function checkGoals(report: BenchReport): GoalCheck[] {
  const byId = new Map(report.scenarios.map((s) => [s.id, s]));
  return [
    ...BACKENDS.flatMap((backend) =>
      pageGoal(byId.get(`${backend}.page`), byId.get(barePageId(backend)), storeLabel(backend)),
    ),
    ...ceilingGoal(byId.get("redis.vote"), 0.3, "POST / vote on Redis"),
    ...ceilingGoal(byId.get("mysql.vote"), 0.2, "POST / vote on MySQL"),
    ...BACKENDS.flatMap((backend) => growthGoal(report.growth, backend)),
    ...report.services.map((service) => {
      const slowest = Math.max(...service.readyMs);
      return {
        goal: `${service.name} ready ≤ 1 s after start`,
        measured: `median ${median(service.readyMs).toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms`,
        met: slowest <= 1000,
      };
    }),
  ];
}

/**
 * The page against the same hops without the services' code, measured in the same run: both as
 * shares of the ceiling rounds right before them, so the host's drift between them cancels out.
 */
function pageGoal(
  page: ScenarioFigures | undefined,
  bare: ScenarioFigures | undefined,
  store: string,
): GoalCheck[] {
  if (!page || !bare || bare.ratio <= 0) return [];
  const share = page.ratio / bare.ratio;
  return [
    {
      goal: `GET / on ${store} ≥ 70% of the bare hops beside it`,
      measured: `${pct(share)} (${pct(page.ratio)} vs ${pct(bare.ratio)} of the ceiling)`,
      met: share >= 0.7,
    },
  ];
}

function ceilingGoal(
  figures: ScenarioFigures | undefined,
  goal: number,
  text: string,
): GoalCheck[] {
  if (!figures) return [];
  return [
    {
      goal: `${text} ≥ ${pct(goal)} of the ceiling`,
      measured: pct(figures.ratio),
      met: figures.ratio >= goal,
    },
  ];
}

function growthGoal(growth: GrowthFigures[], backend: StoreKind): GoalCheck[] {
  const steps = growth.filter((g) => g.backend === backend).sort((a, b) => a.votes - b.votes);
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (!first || !last || first === last) return [];
  const factor = last.analytics.p50Ms / first.analytics.p50Ms;
  return [
    {
      goal: `${backend} analytics p50 at ${last.votes.toLocaleString("en")} votes ≤ 1.5× at ${first.votes}`,
      measured: `${factor.toFixed(2)}× (${first.analytics.p50Ms.toFixed(2)} → ${last.analytics.p50Ms.toFixed(2)} ms)`,
      met: factor <= 1.5,
    },
  ];
}
