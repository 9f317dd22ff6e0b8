import { describe, expect, it } from "vitest";
import { parseLabelSelector } from "../src/index.js";

describe("parseLabelSelector", () => {
  const v10 = { app: "api", version: "1.0" };
  const v20 = { app: "api", version: "2.0" };

  it("when a set requirement is used, then in and notin select by membership", () => {
    expect(parseLabelSelector("version in (1.0, 1.1)")(v10)).toBe(true);
    expect(parseLabelSelector("version in (1.0,1.1)")(v20)).toBe(false);
    expect(parseLabelSelector("version notin (1.0)")(v20)).toBe(true);
    expect(parseLabelSelector("version notin (1.0)")({})).toBe(true);
  });

  it("when requirements are joined by commas, then all must hold", () => {
    expect(parseLabelSelector("app=api,version!=1.0")(v20)).toBe(true);
    expect(parseLabelSelector("app=api,version!=1.0")(v10)).toBe(false);
    expect(parseLabelSelector("app,!canary")(v10)).toBe(true);
    expect(parseLabelSelector("app==web")(v10)).toBe(false);
  });

  it("when a selector cannot be parsed, then it throws instead of selecting everything", () => {
    expect(() => parseLabelSelector("version ~ 1")).toThrow(/unsupported/);
    expect(() => parseLabelSelector("")).toThrow(/empty/);
  });
});
