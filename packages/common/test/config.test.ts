import { describe, expect, it } from "vitest";
import {
  checkDistinctOptions,
  ConfigError,
  env,
  parseEnv,
  runtimeShape,
  voteOptionsShape,
} from "../src/index.js";

describe("parseEnv", () => {
  it("when nothing is set, then every variable takes its default", () => {
    const config = parseEnv(
      { ...runtimeShape, ...voteOptionsShape, SHOWDETAILS: env.boolean(false) },
      {},
    );
    expect(config).toEqual({
      PORT: 8080,
      LOG_LEVEL: "info",
      SHUTDOWN_DELAY_MS: 0,
      VOTE1VALUE: "Cats",
      VOTE2VALUE: "Dogs",
      SHOWDETAILS: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("when values are set, then they are parsed to their types", () => {
    const config = parseEnv(
      { PORT: env.port(8080), SHOWDETAILS: env.boolean(false), VOTE1VALUE: env.option("Cats") },
      { PORT: "9090", SHOWDETAILS: "true", VOTE1VALUE: "Crème brûlée" },
    );
    expect(config).toEqual({ PORT: 9090, SHOWDETAILS: true, VOTE1VALUE: "Crème brûlée" });
  });

  it("when several variables are bad, then one error names every one of them", () => {
    const attempt = () =>
      parseEnv(
        { PORT: env.port(8080), SHOWDETAILS: env.boolean(false), VOTE1VALUE: env.option("Cats") },
        { PORT: "eighty", SHOWDETAILS: "maybe", VOTE1VALUE: "x".repeat(46) },
      );
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT: must be a port between 1 and 65535 \(got "eighty"\)$/);
      expect(problems[1]).toMatch(/^SHOWDETAILS: must be true or false/);
      expect(problems[2]).toMatch(/^VOTE1VALUE: must be at most 45 characters/);
    }
  });

  it("when a port is out of range, then it is refused", () => {
    expect(() => parseEnv({ PORT: env.port(8080) }, { PORT: "70000" })).toThrow(
      /PORT: must be a port/,
    );
    expect(() => parseEnv({ PORT: env.port(8080) }, { PORT: "0" })).toThrow(/PORT: must be a port/);
  });

  it("when a choice is not one of its values, then the values are listed", () => {
    expect(() =>
      parseEnv(
        { SERVICE_VERSION: env.choice(["1.0", "2.0"] as const, "1.0") },
        { SERVICE_VERSION: "3.0" },
      ),
    ).toThrow(/SERVICE_VERSION: must be one of 1.0, 2.0/);
  });

  it("when both options are the same or one is reset, then the pair is refused", () => {
    expect(() => checkDistinctOptions({ VOTE1VALUE: "Cats", VOTE2VALUE: "Cats" })).toThrow(
      ConfigError,
    );
    expect(() => checkDistinctOptions({ VOTE1VALUE: "reset", VOTE2VALUE: "Dogs" })).toThrow(
      /VOTE1VALUE, VOTE2VALUE/,
    );
    expect(() => checkDistinctOptions({ VOTE1VALUE: "Cats", VOTE2VALUE: "Dogs" })).not.toThrow();
  });
});
