import { describe, expect, it } from "vitest";
import { loadAppConfig } from "../src/config.js";

describe("loadAppConfig", () => {
  it("when nothing is set, then the original sample's defaults apply", () => {
    expect(loadAppConfig({})).toMatchObject({
      PORT: 8080,
      SERVICE_VERSION: "1.0",
      TITLE: "AKS Voting App",
      VOTE1VALUE: "Cats",
      VOTE2VALUE: "Dogs",
      SHOWDETAILS: false,
      FEATUREFLAG: false,
      ANALYTICS_HOST: "voting-analytics",
      ANALYTICS_PORT: 8080,
      REDIS_HOST: "voting-storage",
      REDIS_PORT: 6379,
    });
  });

  it("when a custom option is set, then it is kept as written", () => {
    expect(loadAppConfig({ VOTE1VALUE: "Crème brûlée" }).VOTE1VALUE).toBe("Crème brûlée");
  });

  it("when values are bad, then the error names each variable", () => {
    expect(() =>
      loadAppConfig({ SHOWDETAILS: "sometimes", ANALYTICS_PORT: "http", SERVICE_VERSION: "1.1" }),
    ).toThrow(
      /SERVICE_VERSION: must be one of 1.0, 2.0[\s\S]*SHOWDETAILS: must be true or false[\s\S]*ANALYTICS_PORT: must be a port/,
    );
  });

  it("when both options are equal, then start-up is refused", () => {
    expect(() => loadAppConfig({ VOTE1VALUE: "Cats", VOTE2VALUE: "Cats" })).toThrow(
      /VOTE1VALUE, VOTE2VALUE/,
    );
  });
});
