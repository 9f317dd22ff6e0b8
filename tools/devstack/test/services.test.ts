import { describe, expect, it } from "vitest";
import { assertServicesBuilt, imageCommand, SERVICE_IMAGES } from "../src/index.js";

describe("starting a service as its image does", () => {
  it("when its command is built, then it runs the image's script with its flags and variables, and only PATH from here", () => {
    process.env.DEVSTACK_TEST_LEAK = "no";
    try {
      const command = imageCommand("voting-analytics", { PORT: "9000", NODE_ENV: "test" });
      expect(command.command).toBe(process.execPath);
      expect(command.args.at(-1)).toMatch(/\/services\/voting-analytics\/dist\/server\.js$/);
      expect(command.args.slice(0, -1)).toEqual(SERVICE_IMAGES["voting-analytics"].nodeFlags);
      expect(command.env).toEqual({
        ...SERVICE_IMAGES["voting-analytics"].env,
        PATH: process.env.PATH ?? "",
        PORT: "9000",
        // The caller's variables win over the image's.
        NODE_ENV: "test",
      });
    } finally {
      delete process.env.DEVSTACK_TEST_LEAK;
    }
  });

  it("when another script is given, then it runs that one the same way", () => {
    const command = imageCommand("voting-app", {}, "/tmp/bare.js");
    expect(command.args.at(-1)).toBe("/tmp/bare.js");
    expect(command.env.NODE_ENV).toBe(SERVICE_IMAGES["voting-app"].env.NODE_ENV);
  });

  it("when the services are not built, then it says to build first, naming what is missing", () => {
    expect(() => assertServicesBuilt("/nonexistent-checkout")).toThrow(
      "services/voting-app/dist/server.js and services/voting-analytics/dist/server.js do not exist: build first with `npm run build`.",
    );
  });
});
