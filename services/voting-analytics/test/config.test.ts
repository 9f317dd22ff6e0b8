import { describe, expect, it } from "vitest";
import { ConfigError } from "@voting/common";
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
      REDIS_TIMEOUT_MS: 1000,
      MYSQL_TIMEOUT_MS: 2000,
    });
  });

  it("when the store deadlines are set, then they are read as milliseconds", () => {
    const config = loadAnalyticsConfig({ REDIS_TIMEOUT_MS: "250", MYSQL_TIMEOUT_MS: "4000" });
    expect(config).toMatchObject({ REDIS_TIMEOUT_MS: 250, MYSQL_TIMEOUT_MS: 4000 });
  });

  it("when both store deadlines are bad, then one error at start names each of them", () => {
    let error: unknown;
    try {
      loadAnalyticsConfig({ REDIS_TIMEOUT_MS: "0", MYSQL_TIMEOUT_MS: "2s" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'REDIS_TIMEOUT_MS: must be at least 1 (got "0")',
      'MYSQL_TIMEOUT_MS: must be a whole number of milliseconds (got "2s")',
    ]);
    expect(() => loadAnalyticsConfig({ MYSQL_TIMEOUT_MS: "600001" })).toThrow(
      /MYSQL_TIMEOUT_MS: must be at most 600000/,
    );
  });

  it("when the version is not one that exists, then start-up is refused naming SERVICE_VERSION", () => {
    expect(() => loadAnalyticsConfig({ SERVICE_VERSION: "1.2" })).toThrow(
      /SERVICE_VERSION: must be one of 1.0, 1.1, 2.0/,
    );
  });
});
