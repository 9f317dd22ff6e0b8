import { describe, expect, it } from "vitest";
import { CI_SCALE, exactCounting } from "../src/index.js";

describe("exact counting under concurrency", () => {
  it(`when ${CI_SCALE.clients} clients vote at once through app 1.0 on Redis, then every acknowledged vote is counted once and analytics 1.1 agrees`, async () => {
    const result = await exactCounting("redis", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.acknowledged).toBe(CI_SCALE.clients * CI_SCALE.votesPerClient);
    expect(result.lostVotes).toBe(0);
  }, 60_000);

  it(`when ${CI_SCALE.clients} clients vote at once through app 2.0 on MySQL, then every acknowledged vote is one row and analytics 2.0 agrees`, async () => {
    const result = await exactCounting("mysql", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.acknowledged).toBe(CI_SCALE.clients * CI_SCALE.votesPerClient);
    expect(result.lostVotes).toBe(0);
  }, 60_000);
});
