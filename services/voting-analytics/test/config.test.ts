import { describe, expect, it } from "vitest";
import { loadAnalyticsConfig } from "../src/config.js";

describe("loadAnalyticsConfig", () => {
  it("when nothing is set, then the original sample's defaults apply", () => {
    const config = loadAnalyticsConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      SERVICE_VERSION: "1.0",
      VOTE1VALUE: "Cats",
      VOTE2VALUE: "Dogs",
      REDIS_HOST: "voting-storage",
      REDIS_PORT: 6379,
      MYSQL_HOST: "voting-storage",
      MYSQL_PORT: 3306,
      MYSQL_DATABASE: "azurevote",
    });
  });

  it("when the version is not one that exists, then start-up is refused naming SERVICE_VERSION", () => {
    expect(() => loadAnalyticsConfig({ SERVICE_VERSION: "1.2" })).toThrow(
      /SERVICE_VERSION: must be one of 1.0, 1.1, 2.0/,
    );
  });
});
