import { describe, expect, it } from "vitest";
import { CI_SCALE, storeOutage } from "../src/index.js";

describe("store outage under load", () => {
  it("when Redis hangs and then crashes while votes flow, then votes get a fast 503, readiness fails, nothing acknowledged is lost and the services recover", async () => {
    const result = await storeOutage("redis", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.refused).toBeGreaterThan(0);
    expect(result.lostVotes).toBe(0);
  }, 90_000);

  it("when MySQL hangs and then crashes while votes flow, then votes get a fast 503, readiness fails, nothing acknowledged is lost and the services recover", async () => {
    const result = await storeOutage("mysql", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.refused).toBeGreaterThan(0);
    expect(result.lostVotes).toBe(0);
  }, 90_000);
});
