import { describe, expect, it } from "vitest";
import { parseCli, UsageError } from "../src/args.js";
import { Latencies } from "../src/load/latencies.js";
import { figuresOf, type Target } from "../src/measure.js";
import { BEGIN, END, replaceSection } from "../src/report/doc-section.js";
import { checkGoals } from "../src/report/goals.js";
import type { BenchReport, Measurement, ScenarioFigures } from "../src/results.js";
import { asImageStarts } from "../src/stack.js";
import { median } from "../src/stats.js";
import { seedBatches, seedSplit } from "../src/stores/seed-plan.js";

describe("bench pieces", () => {
  it("when a service starts, then it gets its image's command and variables, the bench's, and other NODE_OPTIONS only when asked", () => {
    const env = { stores: { REDIS_PORT: "6390" }, dir: "/tmp" };
    const spec = asImageStarts("voting-app", env, { name: "app-1.0", vars: { TITLE: "T" } });
    expect(spec.command).toBe(process.execPath);
    expect(spec.args.at(-1)).toMatch(/services\/voting-app\/dist\/server\.js$/);
    expect(spec.env).toMatchObject({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      REDIS_PORT: "6390",
      TITLE: "T",
    });
    // The image's own NODE_OPTIONS (its Dockerfile's ENV), unless a run tries others.
    expect(spec.env.NODE_OPTIONS).toBe("--max-semi-space-size=4");
    const tried = { ...env, nodeOptions: "--max-semi-space-size=8" };
    expect(asImageStarts("voting-analytics", tried, { name: "a" }).env.NODE_OPTIONS).toBe(
      "--max-semi-space-size=8",
    );
  });

  it("when votes are seeded, then batches cover every row once and the split favours the first option", () => {
    expect(seedBatches(250_000, 100_000)).toEqual([
      { offset: 0, size: 100_000 },
      { offset: 100_000, size: 100_000 },
      { offset: 200_000, size: 50_000 },
    ]);
    expect(seedBatches(0, 100_000)).toEqual([]);
    expect(seedSplit(1001)).toEqual([501, 500]);
  });

  it("when rounds are summarised, then the median is the middle value", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("when each round is paired with its own ceiling, then the share is the median of the rounds' shares", () => {
    const target: Target = {
      id: "t",
      label: "t",
      backend: null,
      spec: { url: "", method: "GET", expectStatus: 200 },
      watched: {},
    };
    // The host sped up between rounds: 1,000 of 10,000, 1,500 of 15,000, 2,000 of 20,000.
    const rounds = [1000, 1500, 2000].map(measurementAt);
    expect(figuresOf(target, rounds, [10_000, 15_000, 20_000]).ratio).toBeCloseTo(0.1);
    // Against one figure for the whole run, the drift shows up in the share.
    expect(figuresOf(target, rounds, 10_000).ratio).toBeCloseTo(0.15);
    expect(figuresOf(target, rounds, [10_000, 0, 20_000]).ratio).toBeCloseTo(0.1);
    expect(figuresOf(target, rounds, 0).ratio).toBe(0);
  });

  it("when a page's share of the ceiling is compared to its bare hops', then 70% of theirs meets the floor and less does not", () => {
    const scenario = (id: string, ratio: number) => ({ id, ratio }) as ScenarioFigures;
    const goals = (redisPage: number, mysqlPage: number) =>
      checkGoals({
        scenarios: [
          scenario("redis.page", redisPage),
          scenario("redis.bare-page", 0.2),
          scenario("mysql.page", mysqlPage),
          scenario("mysql.bare-page", 0.1),
          scenario("redis.vote", 0.3),
          scenario("mysql.vote", 0.19),
        ],
        growth: [],
        services: [],
      } as unknown as BenchReport).map((goal) => [goal.goal, goal.met]);
    expect(goals(0.14, 0.069)).toEqual([
      ["GET / on Redis ≥ 70% of the bare hops beside it", true],
      ["GET / on MySQL ≥ 70% of the bare hops beside it", false],
      ["POST / vote on Redis ≥ 30.0% of the ceiling", true],
      ["POST / vote on MySQL ≥ 20.0% of the ceiling", false],
    ]);
    expect(goals(0.139, 0.07).map(([, met]) => met)).toEqual([false, true, true, false]);
  });

  it("when latencies are recorded, then percentiles are exact to the recorded value", () => {
    const latencies = new Latencies();
    for (let i = 1; i <= 100_000; i++) latencies.add(i / 1000);
    expect(latencies.percentile(50)).toBe(50);
    expect(latencies.percentile(99)).toBe(99);
    expect(new Latencies().percentile(50)).toBe(0);
  });

  it("when the docs already hold figures, then only the generated section is replaced", () => {
    const doc = `# Benchmarks\n\nprose before\n\n${BEGIN}\nold\n${END}\n\nprose after\n`;
    const updated = replaceSection(doc, "new table");
    expect(updated).toBe(
      `# Benchmarks\n\nprose before\n\n${BEGIN}\nnew table\n${END}\n\nprose after\n`,
    );
    expect(replaceSection("# Benchmarks\n", "t")).toBe(`# Benchmarks\n\n${BEGIN}\nt\n${END}\n`);
  });

  it("when the quick mode or a partial run is asked for, then it never writes the docs", () => {
    expect(parseCli(["--quick"], "docs.md").doc).toBeNull();
    expect(parseCli(["--only", "redis.page"], "docs.md").doc).toBeNull();
    expect(parseCli([], "docs.md").doc).toBe("docs.md");
    expect(() => parseCli(["--quick", "--doc", "x.md"], "docs.md")).toThrow(UsageError);
    expect(parseCli(["--growth", "none"], "docs.md").settings.growthSizes).toEqual([]);
    expect(parseCli(["--rounds", "1"], "docs.md").doc).toBeNull();
    expect(parseCli(["--node-options=--max-semi-space-size=2"], "docs.md").nodeOptions).toBe(
      "--max-semi-space-size=2",
    );
  });
});

function measurementAt(rps: number): Measurement {
  return {
    load: {
      requests: rps,
      durationSec: 1,
      rps,
      p50Ms: 1,
      p99Ms: 2,
      errors: 0,
      statusCounts: {},
      socketErrors: 0,
      timeouts: 0,
    },
    usage: { cpu: {}, otherCpu: 0, peakPrivateMb: {} },
  };
}
