import { describe, expect, it } from "vitest";
import { parseLaunchArgs } from "../src/launcher/options.js";

describe("npm start's options", () => {
  it("when nothing is given, then step 1 is applied with the ingress on 8080 and control on 8079", () => {
    expect(parseLaunchArgs([], {})).toMatchObject({
      kind: "playground",
      options: { step: 1, ingressPort: 8080, controlPort: 8079 },
    });
  });

  it("when --empty or --at-step N is given, then that many steps are applied", () => {
    expect(parseLaunchArgs(["--empty"], {})).toMatchObject({ options: { step: 0 } });
    expect(parseLaunchArgs(["--at-step", "3"], {})).toMatchObject({ options: { step: 3 } });
  });

  it("when the step is not one of the tutorial's, or both are given, then it is refused", () => {
    expect(() => parseLaunchArgs(["--at-step", "5"], {})).toThrow(
      "--at-step must be a step of the tutorial, 1 to 4",
    );
    expect(() => parseLaunchArgs(["--empty", "--at-step", "2"], {})).toThrow("exclude each other");
  });

  it("when --stack is given, then every argument goes to the plain launcher", () => {
    expect(parseLaunchArgs(["--stack", "2.0", "--port", "9000"], {})).toEqual({
      kind: "stack",
      argv: ["--stack", "2.0", "--port", "9000"],
    });
  });

  it("when an option is unknown, then it is refused by name", () => {
    expect(() => parseLaunchArgs(["--kube-config", "x"], {})).toThrow(
      "Unknown option '--kube-config'",
    );
  });

  it("when stores and ports come from the environment, then they are used", () => {
    const launch = parseLaunchArgs([], {
      REDIS_PORT: "6390",
      PLAYGROUND_PORT: "18080",
      MYSQL_USER: "admin",
    });
    expect(launch).toMatchObject({
      options: { ingressPort: 18080, stores: { redis: { port: 6390 }, mysql: { user: "admin" } } },
    });
  });

  it("when no view port is given, then the live view is on Kiali's 20001; the flag wins over the environment", () => {
    expect(parseLaunchArgs([], {})).toMatchObject({ options: { viewPort: 20001 } });
    expect(parseLaunchArgs([], { PLAYGROUND_VIEW_PORT: "21001" })).toMatchObject({
      options: { viewPort: 21001 },
    });
    expect(
      parseLaunchArgs(["--view-port", "22001"], { PLAYGROUND_VIEW_PORT: "21001" }),
    ).toMatchObject({ options: { viewPort: 22001 } });
  });

  it("when the view port is not a port or is another listener's, then it is refused", () => {
    expect(() => parseLaunchArgs(["--view-port", "x"], {})).toThrow(
      '--view-port / PLAYGROUND_VIEW_PORT must be a port number (1-65535), got "x"',
    );
    expect(() => parseLaunchArgs(["--view-port", "8079"], {})).toThrow(
      "the live view cannot share port 8079 with the ingress or the API",
    );
  });

  it("when no install is named, then it is istioctl without the Gateway API", () => {
    expect(parseLaunchArgs([], {})).toMatchObject({
      options: { install: "istioctl", gatewayApi: false },
    });
  });

  it("when --install or PLAYGROUND_INSTALL names one, then the flag wins; --gateway-api is kept", () => {
    expect(parseLaunchArgs([], { PLAYGROUND_INSTALL: "helm" })).toMatchObject({
      options: { install: "helm" },
    });
    expect(
      parseLaunchArgs(["--install", "aks-addon", "--gateway-api"], { PLAYGROUND_INSTALL: "helm" }),
    ).toMatchObject({ options: { install: "aks-addon", gatewayApi: true } });
  });

  it("when the install is not one of the three, then it is refused naming them", () => {
    expect(() => parseLaunchArgs(["--install", "asm"], {})).toThrow(
      '--install / PLAYGROUND_INSTALL must be one of istioctl, helm, aks-addon; got "asm"',
    );
  });
});
