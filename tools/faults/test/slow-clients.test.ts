import { describe, expect, it } from "vitest";
import { stalledClientBoundMs } from "@voting/common";
import { CI_SCALE } from "../src/scale.js";
import { slowClients } from "../src/scenarios/slow-clients.js";

describe("slow and idle clients", () => {
  it(`when ${CI_SCALE.slowClients} clients stall in their headers or short of their body on both services, then each is answered 408 or closed within the deadlines and pages keep answering`, async () => {
    const result = await slowClients(CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.slowConnections).toBe(CI_SCALE.slowClients);
    expect(result.figures.answered408).toBeGreaterThan(0);
    expect(result.figures.slowestSlowCloseMs).toBeLessThanOrEqual(
      stalledClientBoundMs() + CI_SCALE.slackMs,
    );
    expect(result.figures.normalDuring).toBeGreaterThan(0);
  }, 60_000);
});
