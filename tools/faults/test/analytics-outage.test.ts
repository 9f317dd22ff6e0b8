import { describe, expect, it } from "vitest";
import { analyticsOutage, CI_SCALE } from "../src/index.js";

describe("analytics outage and slowness", () => {
  it(`when analytics is killed, slowed past the app's ${CI_SCALE.analyticsTimeoutMs} ms timeout and frozen, then pages still render in time saying results are unavailable, and recover`, async () => {
    const result = await analyticsOutage(CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.degradedPages).toBeGreaterThan(0);
    expect(result.maxFaultLatencyMs).toBeLessThanOrEqual(
      CI_SCALE.analyticsTimeoutMs + CI_SCALE.slackMs,
    );
  }, 90_000);
});
