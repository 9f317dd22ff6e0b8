import { describe, expect, it } from "vitest";
import { CI_SCALE, hostileInput } from "../src/index.js";

describe("hostile input", () => {
  it("when app 1.0 and analytics 1.1 get the hostile corpus and generated inputs, then every answer is a deliberate 2xx-4xx and Redis holds only the two counters", async () => {
    const result = await hostileInput("redis", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.badInputs).toBeGreaterThan(Number(result.figures.corpus));
    expect(result.lostVotes).toBe(0);
  }, 60_000);

  it("when app 2.0 and analytics 2.0 get the hostile corpus and generated inputs, then every answer is a deliberate 2xx-4xx and azurevote holds only the two options", async () => {
    const result = await hostileInput("mysql", CI_SCALE);
    expect(result.violations).toEqual([]);
    expect(result.badInputs).toBeGreaterThan(Number(result.figures.corpus));
    expect(result.lostVotes).toBe(0);
  }, 60_000);
});
