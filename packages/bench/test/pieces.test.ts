import { describe, expect, it } from "vitest";
import { parseCli, UsageError } from "../src/args.js";
import { Latencies } from "../src/load/latencies.js";
import { BEGIN, END, replaceSection } from "../src/report/doc-section.js";
import { median } from "../src/stats.js";
import { seedBatches, seedSplit } from "../src/stores/seed-plan.js";

describe("bench pieces", () => {
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
