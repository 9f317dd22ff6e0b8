import { describe, expect, it } from "vitest";
import { CI_SCALE, escaping } from "../src/index.js";

describe("escaping", () => {
  it("when TITLE, VOTE1VALUE and VOTE2VALUE hold HTML and script (Redis stack), then the page, its results line and the error pages show them as inert text", async () => {
    const result = await escaping("redis", CI_SCALE);
    expect(result.violations).toEqual([]);
  }, 60_000);

  it("when the option names hold HTML and script (MySQL stack), then they are stored and shown as inert text", async () => {
    const result = await escaping("mysql", CI_SCALE);
    expect(result.violations).toEqual([]);
  }, 60_000);
});
