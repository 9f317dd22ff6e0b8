import { describe, expect, it } from "vitest";
import { CI_SCALE, gracefulShutdown } from "../src/index.js";

describe("graceful shutdown under load", () => {
  it("when voting-app gets SIGTERM under load, then readiness fails first, requests in flight finish, nothing is reset and it exits 0", async () => {
    const result = await gracefulShutdown("voting-app", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.inFlightAtSignal).toBeGreaterThan(0);
    expect(result.figures.exitCode).toBe(0);
  }, 60_000);

  it("when voting-analytics gets SIGTERM under load, then readiness fails first, its requests finish, pages keep rendering and it exits 0", async () => {
    const result = await gracefulShutdown("voting-analytics", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.figures.exitCode).toBe(0);
  }, 60_000);
});
