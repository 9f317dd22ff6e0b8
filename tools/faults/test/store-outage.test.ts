import { describe, expect, it } from "vitest";
import { CI_SCALE, storeOutage } from "../src/index.js";

// Every vote carries a vote_id and is sent again with it after each refusal until acknowledged.
describe("store outage under load", () => {
  it("when Redis hangs and then crashes while votes flow, then votes get a fast 503, readiness fails, each retried vote is counted exactly once and the services recover", async () => {
    const result = await storeOutage("redis", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.refused).toBeGreaterThan(0);
    expect(result.lostVotes).toBe(0);
    expect(result.figures.extra).toBe(0);
    expect(result.figures.acknowledged).toBe(result.figures.votes);
    expect(result.figures.stored).toBe(result.figures.acknowledged);
  }, 90_000);

  it("when MySQL hangs and then crashes while votes flow, then votes get a fast 503, readiness fails, each retried vote is counted exactly once and the services recover", async () => {
    const result = await storeOutage("mysql", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.refused).toBeGreaterThan(0);
    expect(result.lostVotes).toBe(0);
    expect(result.figures.extra).toBe(0);
    expect(result.figures.acknowledged).toBe(result.figures.votes);
    expect(result.figures.stored).toBe(result.figures.acknowledged);
  }, 90_000);
});
