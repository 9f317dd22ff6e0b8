import { type KubeObject, type RouteResult } from "@voting/mesh";
import { describe, expect, it } from "vitest";
import { call, changed, endOfStep, ingress, meshOf, objectsAfter, version } from "./helpers.js";

const STEP_1 = objectsAfter("istio/step-1-create-voting-app-gateway.yaml");
const STEP_2_PODS = objectsAfter("k8s/step-2-update-voting-analytics-to-1.1.yaml");
const STEP_2 = objectsAfter("istio/step-2-update-and-add-routing-for-all-components.yaml");
const STEP_3_ROUTES_ONLY = objectsAfter("istio/step-3-add-routing-for-2.0-components.yaml");
const STEP_3 = objectsAfter("k8s/step-3-update-voting-app-with-new-storage.yaml");
const STEP_4_ROUTES = objectsAfter("istio/step-4-route-all-users-to-2.0.yaml");

/** The results line the tutorial's curl loop greps, for the analytics version that answered. */
const RESULTS: Record<string, string> = {
  "1.0": '<div id="results"> Cats: 2 | Dogs: 4 </div>',
  "1.1": '<div id="results"> Cats: 2/6 (33%) | Dogs: 4/6 (67%) </div>',
};

const landed = (result: RouteResult) => {
  if (!result.ok) throw new Error(`${result.status}: ${result.reason}`);
  return result;
};
const tcp = (app: string, appVersion: string, port: number) =>
  call(app, appVersion, "voting-storage", port, "tcp");

describe("step 1: version 1.0 behind the ingress gateway", () => {
  it("when only the Kubernetes file is applied, then the ingress has no route to the app yet", () => {
    const mesh = meshOf(objectsAfter("k8s/step-1-create-voting-app.yaml"));
    expect(mesh.route(ingress())).toMatchObject({ ok: false, status: 404 });
  });

  it("when a browser asks the ingress for /, then one of the three app 1.0 pods answers on 8080", () => {
    const mesh = meshOf(STEP_1);
    const results = Array.from({ length: 3 }, () => landed(mesh.route(ingress())));
    expect(results.map((result) => [result.service, result.port, result.endpoint.port])).toEqual([
      ["voting-app", 8080, 8080],
      ["voting-app", 8080, 8080],
      ["voting-app", 8080, 8080],
    ]);
    expect(new Set(results.map((result) => result.endpoint.pod.name)).size).toBe(3);
    expect(results.every((result) => result.endpoint.pod.labels.version === "1.0")).toBe(true);
  });

  it("when app 1.0 calls analytics and Redis, then it reaches analytics 1.0 and storage 1.0", () => {
    const mesh = meshOf(STEP_1);
    expect(version(mesh.route(call("voting-app", "1.0", "voting-analytics", 8080)))).toBe("1.0");
    expect(version(mesh.route(tcp("voting-app", "1.0", 6379)))).toBe("1.0");
  });
});

describe("step 2: analytics 1.1", () => {
  it("when 1.1 is deployed without a rule, then the curl loop alternates the 1.0 and 1.1 results", () => {
    const mesh = meshOf(STEP_2_PODS);
    const lines = Array.from(
      { length: 5 },
      () => RESULTS[version(mesh.route(call("voting-app", "1.0", "voting-analytics", 8080)))],
    );
    expect(lines).toEqual([
      RESULTS["1.0"],
      RESULTS["1.1"],
      RESULTS["1.0"],
      RESULTS["1.1"],
      RESULTS["1.0"],
    ]);
  });

  it("when the routing of step 2 is applied, then the curl loop shows only the 1.1 results", () => {
    const mesh = meshOf(STEP_2);
    expect(landed(mesh.route(ingress())).subset).toBe("v1-0");
    const versions = Array.from({ length: 5 }, () =>
      version(mesh.route(call("voting-app", "1.0", "voting-analytics", 8080))),
    );
    expect(versions).toEqual(["1.1", "1.1", "1.1", "1.1", "1.1"]);
  });

  it("when app 1.0 or analytics 1.1 open a Redis connection, then it reaches storage v1-0 on 6379", () => {
    const mesh = meshOf(STEP_2);
    for (const [app, appVersion] of [
      ["voting-app", "1.0"],
      ["voting-analytics", "1.1"],
    ] as const) {
      expect(landed(mesh.route(tcp(app, appVersion, 6379)))).toMatchObject({
        subset: "v1-0",
        port: 6379,
        endpoint: { port: 6379 },
      });
    }
  });

  it("when traffic flows after step 2, then every hop uses Istio mutual TLS and every pod demands it", () => {
    const mesh = meshOf(STEP_2);
    const hops = [
      mesh.route(ingress()),
      mesh.route(call("voting-app", "1.0", "voting-analytics", 8080)),
      mesh.route(tcp("voting-app", "1.0", 6379)),
      mesh.route(tcp("voting-analytics", "1.1", 6379)),
    ];
    expect(hops.map((hop) => landed(hop).tlsMode)).toEqual([
      "ISTIO_MUTUAL",
      "ISTIO_MUTUAL",
      "ISTIO_MUTUAL",
      "ISTIO_MUTUAL",
    ]);
    expect(new Set(mesh.pods.map((pod) => mesh.mtlsMode(pod)))).toEqual(new Set(["STRICT"]));
  });
});

describe("step 3: the 2.0 canary behind the feature flag cookie", () => {
  const cases: readonly (readonly [string | undefined, string])[] = [
    ["a=b; featureflag=on", "2.0"],
    ["featureflag=on", "2.0"],
    ["featureflag=on; a=b", "2.0"],
    ["a=b;featureflag=on;c=d", "2.0"],
    ["featureflag=off; featureflag=on", "2.0"],
    ["featureflag=off", "1.0"],
    [undefined, "1.0"],
    ["", "1.0"],
    ["featureflag=onion", "1.0"],
    ["xfeatureflag=on", "1.0"],
    ["a=featureflag=on", "1.0"],
    ["featureflag=ON", "1.0"],
    ["featureflag=on ", "1.0"],
    ["a=b;  featureflag=on", "1.0"],
  ];

  it.each(cases)(
    "when the Cookie header is %j, then the ingress sends the user to app %s",
    (cookie, expected) => {
      const mesh = meshOf(STEP_3);
      expect(version(mesh.route(ingress(cookie === undefined ? {} : { Cookie: cookie })))).toBe(
        expected,
      );
    },
  );

  it("when only the routing of step 3 is in place, then users without the flag keep 1.0 and flagged users get 503 until 2.0 runs", () => {
    const mesh = meshOf(STEP_3_ROUTES_ONLY);
    expect(version(mesh.route(ingress()))).toBe("1.0");
    expect(mesh.route(ingress({ cookie: "featureflag=on" }))).toMatchObject({
      ok: false,
      status: 503,
    });
    expect(version(mesh.route(call("voting-app", "1.0", "voting-analytics", 8080)))).toBe("1.1");
  });

  it("when each app version calls analytics, then 1.0 reaches v1-1 and 2.0 reaches v2-0", () => {
    const mesh = meshOf(STEP_3);
    expect(landed(mesh.route(call("voting-app", "1.0", "voting-analytics", 8080))).subset).toBe(
      "v1-1",
    );
    expect(landed(mesh.route(call("voting-app", "2.0", "voting-analytics", 8080))).subset).toBe(
      "v2-0",
    );
  });

  it("when the 2.0 app and analytics open MySQL connections, then they reach storage v2-0 on 3306", () => {
    const mesh = meshOf(STEP_3);
    for (const app of ["voting-app", "voting-analytics"]) {
      const result = landed(mesh.route(tcp(app, "2.0", 3306)));
      expect(result).toMatchObject({ subset: "v2-0", port: 3306, endpoint: { port: 3306 } });
      expect(result.endpoint.pod.deployment).toBe("voting-storage-2-0");
    }
  });

  it("when the 1.x components open Redis connections, then they still reach storage v1-0 on 6379", () => {
    const mesh = meshOf(STEP_3);
    expect(landed(mesh.route(tcp("voting-app", "1.0", 6379))).endpoint.pod.deployment).toBe(
      "voting-storage-1-0",
    );
    expect(landed(mesh.route(tcp("voting-analytics", "1.1", 6379))).endpoint.pod.deployment).toBe(
      "voting-storage-1-0",
    );
  });

  it("when app 1.0 connects to 3306, then the connection never lands on Redis", () => {
    const mesh = meshOf(STEP_3);
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = landed(mesh.route(tcp("voting-app", "1.0", 3306)));
      expect(result.endpoints.map((endpoint) => [endpoint.pod.deployment, endpoint.port])).toEqual([
        ["voting-storage-2-0", 3306],
      ]);
    }
  });

  it("when the storage rules lacked their port match, then app 1.0's connection to 3306 would reach Redis", () => {
    const withoutPorts = STEP_3.map((object) =>
      object.kind === "VirtualService" && object.metadata.name === "voting-storage"
        ? changed(object, {
            "spec.tcp[0].match[0].port": undefined,
            "spec.tcp[0].match[1].port": undefined,
            "spec.tcp[1].match[0].port": undefined,
            "spec.tcp[1].match[1].port": undefined,
          })
        : object,
    );
    const result = landed(meshOf(withoutPorts).route(tcp("voting-app", "1.0", 3306)));
    expect(result.endpoint).toMatchObject({
      pod: { deployment: "voting-storage-1-0" },
      port: 6379,
    });
  });

  it("when the storage Service used numeric target ports, then a connection to 3306 could land on the Redis pod", () => {
    const numeric = STEP_3.map((object) =>
      object.kind === "Service" && object.metadata.name === "voting-storage"
        ? changed(object, { "spec.ports[0].targetPort": 6379, "spec.ports[1].targetPort": 3306 })
        : object,
    );
    const result = landed(meshOf(numeric).route(tcp("voting-app", "1.0", 3306)));
    expect(result.endpoints.map((endpoint) => endpoint.pod.deployment)).toContain(
      "voting-storage-1-0",
    );
  });
});

describe("step 4: everyone on 2.0", () => {
  const everyone = (objects: readonly KubeObject[]) => {
    const mesh = meshOf(objects);
    return [undefined, "featureflag=on", "featureflag=off"].map((cookie) =>
      version(mesh.route(ingress(cookie === undefined ? {} : { cookie }))),
    );
  };

  it("when the routing of step 4 is applied, then every user reaches app 2.0 whatever the flag", () => {
    expect(everyone(STEP_4_ROUTES)).toEqual(["2.0", "2.0", "2.0"]);
  });

  it("when the 1.x deployments are deleted and the Redis port dropped, then app 2.0 and its chain keep working", () => {
    const mesh = meshOf(endOfStep(4));
    expect(everyone(endOfStep(4))).toEqual(["2.0", "2.0", "2.0"]);
    expect(landed(mesh.route(call("voting-app", "2.0", "voting-analytics", 8080))).subset).toBe(
      "v2-0",
    );
    expect(landed(mesh.route(tcp("voting-analytics", "2.0", 3306))).subset).toBe("v2-0");
    expect(mesh.route(tcp("voting-app", "2.0", 6379))).toMatchObject({ ok: false, status: 503 });
  });

  it("when the 1.x deployments were deleted before the routing of step 4, then users without the flag would get 503", () => {
    const early = STEP_3.filter(
      (object) => !(object.kind === "Deployment" && /-1-[01]$/.test(object.metadata.name)),
    );
    expect(everyone(early)).toEqual([503, "2.0", 503]);
  });
});
