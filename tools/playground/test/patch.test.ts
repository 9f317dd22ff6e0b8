import { describe, expect, it } from "vitest";
import { mergePatch, strategicMergePatch } from "../src/api/patch.js";

describe("a JSON merge patch (the Istio and Gateway API kinds)", () => {
  it("when a key is null, then it goes; maps merge; a list is replaced whole", () => {
    const target = { spec: { hosts: ["a", "b"], gateways: ["g"], http: [{ name: "x" }] } };
    expect(mergePatch(target, { spec: { gateways: null, hosts: ["c"] } })).toEqual({
      spec: { hosts: ["c"], http: [{ name: "x" }] },
    });
    expect(target.spec.gateways).toEqual(["g"]);
  });
});

describe("a strategic merge patch (the built-in kinds)", () => {
  const service = {
    spec: {
      selector: { app: "voting-storage" },
      ports: [
        { name: "redis", port: 6379 },
        { name: "mysql", port: 3306 },
      ],
    },
  };

  it("when kubectl removes a Service port, then only that port goes, the others keep their order", () => {
    const patch = {
      spec: {
        "$setElementOrder/ports": [{ port: 3306 }],
        ports: [{ $patch: "delete", port: 6379 }],
      },
    };
    expect(strategicMergePatch(service, patch)).toEqual({
      spec: { selector: { app: "voting-storage" }, ports: [{ name: "mysql", port: 3306 }] },
    });
  });

  it("when kubectl adds a Service port, then it joins in the order $setElementOrder gives", () => {
    const one = { spec: { ports: [{ name: "mysql", port: 3306 }] } };
    const patch = {
      spec: {
        "$setElementOrder/ports": [{ port: 6379 }, { port: 3306 }],
        ports: [{ name: "redis", port: 6379 }],
      },
    };
    expect(strategicMergePatch(one, patch)).toEqual({
      spec: {
        ports: [
          { name: "redis", port: 6379 },
          { name: "mysql", port: 3306 },
        ],
      },
    });
  });

  it("when a container's env and image change, then containers merge by name and env by name", () => {
    const template = {
      spec: {
        containers: [
          {
            name: "app",
            image: "voting/voting-app:1.0",
            ports: [{ containerPort: 8080 }],
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "2" },
            ],
            args: ["--x"],
          },
        ],
      },
    };
    const patch = {
      spec: {
        containers: [
          {
            name: "app",
            image: "voting/voting-app:2.0",
            env: [
              { name: "B", value: "3" },
              { name: "A", $patch: "delete" },
            ],
            args: ["--y"],
          },
        ],
      },
    };
    expect(strategicMergePatch(template, patch, ["spec", "template"])).toEqual({
      spec: {
        containers: [
          {
            name: "app",
            image: "voting/voting-app:2.0",
            ports: [{ containerPort: 8080 }],
            env: [{ name: "B", value: "3" }],
            args: ["--y"],
          },
        ],
      },
    });
  });

  it("when a map says $patch: replace or $retainKeys, then it is replaced or trimmed to those keys", () => {
    const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } };
    expect(strategicMergePatch(strategy, { $retainKeys: ["type"], type: "Recreate" })).toEqual({
      type: "Recreate",
    });
    expect(strategicMergePatch({ a: 1, b: 2 }, { $patch: "replace", c: 3 })).toEqual({ c: 3 });
  });
});
