import { describe, expect, it } from "vitest";
import { parseCli, UsageError } from "../src/args.js";
import { Latencies } from "../src/load/latencies.js";
import { figuresOf, type Target } from "../src/measure.js";
import { BEGIN, END, replaceSection } from "../src/report/doc-section.js";
import type { Measurement } from "../src/results.js";
import { productionEnv } from "../src/stack.js";
import { median } from "../src/stats.js";
import { seedBatches, seedSplit } from "../src/stores/seed-plan.js";

describe("bench pieces", () => {
  it("when the services start, then they get the image's NODE_OPTIONS unless --node-options says otherwise, even empty", () => {
    const stores = { REDIS_PORT: "6390" };
    expect(productionEnv("voting-app", stores)).toMatchObject({
      NODE_ENV: "production",
      NODE_OPTIONS: "--max-semi-space-size=4 --v8-pool-size=1",
      LOG_LEVEL: "info",
      REDIS_PORT: "6390",
    });
    expect(productionEnv("voting-app", stores, "--max-semi-space-size=8").NODE_OPTIONS).toBe(
      "--max-semi-space-size=8",
    );
    expect(productionEnv("voting-analytics", stores, "").NODE_OPTIONS).toBe("");
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
    usage: { cpu: {}, otherCpu: 0, peakRssMb: {}, peakRssFilesMb: {} },
  };
}
