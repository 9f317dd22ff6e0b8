import type { BenchReport, GrowthFigures } from "../results.js";
import { median } from "../stats.js";

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** The targets, checked against one run's figures. */
export function checkGoals(report: BenchReport): GoalCheck[] {
  const byId = new Map(report.scenarios.map((s) => [s.id, s]));
  const ratioGoal = (id: string, goal: number, text: string): GoalCheck[] => {
    const figures = byId.get(id);
    if (!figures) return [];
    return [
      {
        goal: `${text} ≥ ${pct(goal)} of the ceiling`,
        measured: pct(figures.ratio),
        met: figures.ratio >= goal,
      },
    ];
  };
  return [
    ...ratioGoal("redis.page", 0.17, "GET / on Redis"),
    ...ratioGoal("mysql.page", 0.17, "GET / on MySQL"),
    ...ratioGoal("redis.vote", 0.3, "POST / vote on Redis"),
    ...ratioGoal("mysql.vote", 0.2, "POST / vote on MySQL"),
    ...(["redis", "mysql"] as const).flatMap((backend) => growthGoal(report.growth, backend)),
    // A service no scenario of the run loaded (a run with --only) has no figure to check.
    ...report.services
      .filter((service) => service.peakRssMb > 0)
      .map((service) => ({
        goal: `${service.name} RSS under load ≤ 80 MB`,
        measured: `${service.peakRssMb.toFixed(1)} MB`,
        met: service.peakRssMb <= 80,
      })),
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

function growthGoal(growth: GrowthFigures[], backend: string): GoalCheck[] {
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
