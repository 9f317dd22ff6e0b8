import { describe, expect, it } from "vitest";
import { parseLauncherArgs, UsageError } from "../src/launcher/options.js";

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = parseLauncherArgs(argv, env);
  if (command.help) throw new Error("unexpected help");
  return command.options;
};

describe("the launcher's arguments", () => {
  it("when nothing is given, then it runs app 1.0 + analytics 1.1 on 8080/8081 with local stores", () => {
    expect(parse([])).toEqual({
      stack: "1.1",
      appPort: 8080,
      analyticsPort: 8081,
      stores: {
        redis: { host: "127.0.0.1", port: 6379 },
        mysql: { host: "127.0.0.1", port: 3306, user: "root", password: "" },
      },
    });
  });

  it("when --stack or STACK names a stack, then that one runs, the flag winning", () => {
    expect(parse(["--stack", "2.0"]).stack).toBe("2.0");
    expect(parse(["-s", "1.0"]).stack).toBe("1.0");
    expect(parse([], { STACK: "2.0" }).stack).toBe("2.0");
    expect(parse(["--stack=1.0"], { STACK: "2.0" }).stack).toBe("1.0");
  });

  it("when the stack is unknown, then the error lists the choices", () => {
    expect(() => parse(["--stack", "3.0"])).toThrow(UsageError);
    expect(() => parse(["--stack", "3.0"])).toThrow(
      'Unknown stack "3.0". Choose one of: 1.0 (app 1.0, analytics 1.0, Redis), ' +
        "1.1 (app 1.0, analytics 1.1, Redis), 2.0 (app 2.0, analytics 2.0, MySQL).",
    );
  });

  it("when ports and stores are set in the environment, then they are used", () => {
    const options = parse(["--port", "9090"], {
      ANALYTICS_PORT: "9091",
      REDIS_HOST: "localhost",
      REDIS_PORT: "6380",
      MYSQL_USER: "voter",
      MYSQL_PASSWORD: "secret",
    });
    expect(options).toMatchObject({
      appPort: 9090,
      analyticsPort: 9091,
      stores: {
        redis: { host: "localhost", port: 6380 },
        mysql: { user: "voter", password: "secret" },
      },
    });
  });

  it("when a port is not a port, then the error names the setting", () => {
    expect(() => parse(["--port", "http"])).toThrow(
      '--port / PORT must be a port number (1-65535), got "http".',
    );
    expect(() => parse([], { REDIS_PORT: "0" })).toThrow(
      'REDIS_PORT must be a port number (1-65535), got "0"',
    );
    expect(() => parse(["--port", "8081"])).toThrow("cannot share port 8081");
  });

  it("when an unknown flag is given, then it is a usage error", () => {
    expect(() => parse(["--stak", "2.0"])).toThrow(UsageError);
  });

  it("when --help is given, then help is asked for", () => {
    expect(parseLauncherArgs(["--help"], {})).toEqual({ help: true });
  });
});
