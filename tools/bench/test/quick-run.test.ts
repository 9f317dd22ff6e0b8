import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchReport } from "../src/results.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const doc = join(root, "docs", "benchmarks.md");

/** The doc's modification time, or null when it does not exist. */
async function docTime(): Promise<number | null> {
  return stat(doc).then(
    (info) => info.mtimeMs,
    () => null,
  );
}

// The bench runs the services as real processes from their compiled entry points, so this
// checks the real thing: build, then `npm run bench -- --quick` as CI would, and read its JSON.
describe("npm run bench -- --quick", () => {
  let dir: string;
  let report: BenchReport;
  let stdout: string;
  let docBefore: number | null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bench-test-"));
    docBefore = await docTime();
    await run(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "--build", "tools/bench"],
      {
        cwd: root,
      },
    );
    const json = join(dir, "quick.json");
    const result = await run(
      process.execPath,
      [join(root, "tools/bench/dist/cli.js"), "--quick", "--json", json],
      { cwd: root, maxBuffer: 10 * 1024 * 1024 },
    );
    stdout = result.stdout;
    report = JSON.parse(await readFile(json, "utf8")) as BenchReport;
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("when it runs, then every scenario is there, answered, and without errors", () => {
    const ids = [report.ceiling, ...report.scenarios].map((s) => s.id).sort();
    expect(ids).toEqual(
      [
        "ceiling",
        "mysql.analytics",
        "mysql.bare-page",
        "mysql.page",
        "mysql.vote",
        "redis.analytics",
        "redis.bare-page",
        "redis.page",
        "redis.page.unmetered",
        "redis.vote",
        "redis.vote.unmetered",
      ].sort(),
    );
    for (const scenario of [report.ceiling, ...report.scenarios]) {
      expect(scenario.requests, scenario.id).toBeGreaterThan(0);
      expect(scenario.errors, scenario.id).toBe(0);
      expect(scenario.rps, scenario.id).toBeGreaterThan(0);
      expect(scenario.p50Ms, scenario.id).toBeGreaterThan(0);
      expect(scenario.p99Ms, scenario.id).toBeGreaterThanOrEqual(scenario.p50Ms);
    }
    expect(report.problems).toEqual([]);
  });

  it("when votes are stored for the growth run, then analytics reads back exactly those votes", () => {
    expect(report.growth.map((g) => `${g.backend} ${g.votes}`)).toEqual([
      "redis 0",
      "redis 1000",
      "mysql 0",
      "mysql 1000",
    ]);
    for (const step of report.growth) {
      expect(step.readBack).toEqual([Math.ceil(step.votes / 2), Math.floor(step.votes / 2)]);
      expect(step.analytics.requests).toBeGreaterThan(0);
      expect(step.page.requests).toBeGreaterThan(0);
    }
  });

  it("when the playground is built, then the page through its gateway is measured too", () => {
    expect(report.gateway.note).toBeNull();
    expect(report.gateway.figures?.requests).toBeGreaterThan(0);
    expect(report.gateway.figures?.errors).toBe(0);
    expect(report.gateway.direct?.share).toBeGreaterThan(0);
    // Measured again after `kubectl scale` brought voting-app down to one replica.
    expect(report.gateway.oneReplica?.share).toBeGreaterThan(0);
    expect(stdout).toContain("With voting-app scaled to one replica");
  });

  it("when the Redis stack ran again with metrics that record nothing, then what metrics cost is reported", () => {
    expect(report.unmetered?.map((s) => s.name).sort()).toEqual([
      "analytics-1.1-unmetered",
      "app-1.0-unmetered",
    ]);
    for (const service of report.unmetered ?? []) {
      expect(service.peakPrivateMb, service.name).toBeGreaterThan(5);
    }
    expect(stdout).toMatch(
      /GET \/ page: with metrics at [\d.]+% of the rate without \(rounds [\d.]+%\); app 1\.0 took \d+ µs/,
    );
    expect(stdout).toMatch(
      /POST \/ vote: with metrics at [\d.]+% of the rate without \(rounds [\d.]+%\); app 1\.0 took \d+ µs/,
    );
  });

  it("when the services ran, then their private memory under load and their start-up time were measured", () => {
    expect(report.services.map((s) => s.name).sort()).toEqual(
      ["analytics-1.1", "analytics-2.0", "app-1.0", "app-2.0"].sort(),
    );
    for (const service of report.services) {
      // A Node process's own heap and code space alone are several MB.
      expect(service.peakPrivateMb, service.name).toBeGreaterThan(5);
      expect(service.readyMs.length, service.name).toBeGreaterThan(0);
    }
  });

  it("when the bare hops ran, then their memory is measured beside the services' and the pages compared to them", () => {
    expect(report.references.map((s) => s.name).sort()).toEqual([
      "bare-analytics-mysql",
      "bare-analytics-redis",
      "bare-app-mysql",
      "bare-app-redis",
    ]);
    for (const reference of report.references) {
      expect(reference.peakPrivateMb, reference.name).toBeGreaterThan(5);
    }
    expect(stdout).toContain("Without the services' code, the same hops on Redis answer");
    expect(stdout).toContain("Without the services' code, the same hops on MySQL answer");
  });

  it("when it is the quick mode, then the table is printed and the committed docs are left alone", async () => {
    expect(stdout).toContain("| Scenario | req/s | of ceiling |");
    expect(report.mode).toBe("quick");
    expect(await docTime()).toBe(docBefore);
  });
});
