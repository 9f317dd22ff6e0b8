import { describe, expect, it } from "vitest";
import {
  buildMesh,
  type Pod,
  type RouteRequest,
  type RouteResult,
  seededRandom,
} from "../src/index.js";
import {
  deployment,
  destinationRule,
  gateway,
  NAMESPACE,
  service,
  shop,
  to,
  virtualService,
} from "./builders.js";

const fromWeb = (overrides: Partial<RouteRequest> = {}): RouteRequest => ({
  kind: "http",
  gateway: "mesh",
  host: "api",
  port: 8080,
  sourceLabels: { app: "web", version: "1" },
  ...overrides,
});

function landed(result: RouteResult) {
  if (!result.ok) throw new Error(`expected a decision, got ${result.status}: ${result.reason}`);
  return result;
}

const podNames = (result: RouteResult) =>
  landed(result).endpoints.map((endpoint) => endpoint.pod.name);

describe("default routing", () => {
  it("when a host has no VirtualService, then requests round-robin over every pod of the Service", () => {
    const mesh = buildMesh(shop(), { namespace: NAMESPACE });
    const picked = Array.from({ length: 6 }, () => landed(mesh.route(fromWeb())).endpoint.pod.name);
    expect(picked).toEqual(["api-1-0", "api-1-1", "api-2-0", "api-1-0", "api-1-1", "api-2-0"]);
    expect(landed(mesh.route(fromWeb())).subset).toBeUndefined();
  });

  it("when the caller dials a short name, a name.namespace or the FQDN, then all reach the same Service", () => {
    const mesh = buildMesh(shop(), { namespace: NAMESPACE });
    for (const host of ["api", "api.shop", "api.shop.svc", "api.shop.svc.cluster.local"]) {
      expect(landed(mesh.route(fromWeb({ host }))).host).toBe("api.shop.svc.cluster.local");
    }
  });

  it("when the host is no Service or the port is not one of its ports, then 503", () => {
    const mesh = buildMesh(shop(), { namespace: NAMESPACE });
    expect(mesh.route(fromWeb({ host: "nowhere" }))).toMatchObject({ ok: false, status: 503 });
    expect(mesh.route(fromWeb({ port: 9090 }))).toMatchObject({ ok: false, status: 503 });
  });

  it("when an HTTP request is sent to a port Istio treats as TCP, then it is refused with the reason", () => {
    const resources = [
      deployment("db", { app: "db" }, { ports: [{ name: "redis", containerPort: 6379 }] }),
      service("db", [{ name: "redis", port: 6379, targetPort: "redis" }]),
    ];
    const result = buildMesh(resources, { namespace: NAMESPACE }).route(
      fromWeb({ host: "db", port: 6379 }),
    );
    expect(result).toMatchObject({
      ok: false,
      status: 503,
      reason: expect.stringContaining("carries tcp"),
    });
  });
});

describe("sourceLabels", () => {
  const resources = [
    ...shop(),
    deployment("batch-1", { app: "batch" }),
    virtualService("api", {
      http: [
        {
          match: [{ sourceLabels: { app: "web" }, headers: { "x-beta": { exact: "yes" } } }],
          route: [to("api", "v2")],
        },
        {
          match: [{ sourceLabels: { app: "web" }, uri: { prefix: "/public" } }],
          route: [to("api", "v1")],
        },
      ],
    }),
  ];

  it("when no rule of the VirtualService applies to the caller, then it gets the default spread over all pods", () => {
    const result = buildMesh(resources, { namespace: NAMESPACE }).route(
      fromWeb({ sourceLabels: { app: "batch" } }),
    );
    expect(podNames(result)).toEqual(["api-1-0", "api-1-1", "api-2-0"]);
    expect(landed(result).virtualService).toBeUndefined();
  });

  it("when rules apply to the caller but the request matches none of them, then 404", () => {
    const result = buildMesh(resources, { namespace: NAMESPACE }).route(
      fromWeb({ uri: "/private" }),
    );
    expect(result).toMatchObject({ ok: false, status: 404 });
  });

  it("when the caller's labels and the request match a rule, then the rule's subset receives it", () => {
    const mesh = buildMesh(resources, { namespace: NAMESPACE });
    expect(landed(mesh.route(fromWeb({ headers: { "X-Beta": "yes" } }))).subset).toBe("v2");
    expect(landed(mesh.route(fromWeb({ uri: "/public/x" }))).subset).toBe("v1");
  });
});

describe("matches", () => {
  const withRules = (http: unknown[]) =>
    buildMesh([...shop(), virtualService("api", { http })], { namespace: NAMESPACE });

  it("when two rules match, then the first one listed wins", () => {
    const mesh = withRules([
      { match: [{ uri: { prefix: "/" } }], route: [to("api", "v1")] },
      { match: [{ uri: { prefix: "/a" } }], route: [to("api", "v2")] },
    ]);
    expect(landed(mesh.route(fromWeb({ uri: "/a" }))).subset).toBe("v1");
  });

  it("when a header regex matches only part of the value, then the rule does not match (RE2 full match)", () => {
    const mesh = withRules([
      { match: [{ headers: { cookie: { regex: "flag=on" } } }], route: [to("api", "v2")] },
      { route: [to("api", "v1")] },
    ]);
    expect(landed(mesh.route(fromWeb({ headers: { cookie: "a=1; flag=on" } }))).subset).toBe("v1");
    expect(landed(mesh.route(fromWeb({ headers: { cookie: "flag=on" } }))).subset).toBe("v2");
  });

  it("when a header is missing, then neither exact, prefix nor regex matches it", () => {
    const mesh = withRules([
      { match: [{ headers: { "x-a": { exact: "" } } }], route: [to("api", "v2")] },
      { match: [{ headers: { "x-b": { prefix: "" } } }], route: [to("api", "v2")] },
      { match: [{ headers: { "x-c": { regex: ".*" } } }], route: [to("api", "v2")] },
      { route: [to("api", "v1")] },
    ]);
    expect(landed(mesh.route(fromWeb({ headers: {} }))).subset).toBe("v1");
    expect(landed(mesh.route(fromWeb({ headers: { "x-c": "" } }))).subset).toBe("v2");
  });

  it("when a URI has a query, then an exact path still matches and a prefix sees the whole URI", () => {
    const mesh = withRules([
      { match: [{ uri: { exact: "/votes" } }], route: [to("api", "v2")] },
      { route: [to("api", "v1")] },
    ]);
    expect(landed(mesh.route(fromWeb({ uri: "/votes?page=2" }))).subset).toBe("v2");
    expect(landed(mesh.route(fromWeb({ uri: "/votes/2" }))).subset).toBe("v1");
  });

  it("when a match names a port, then it applies only to requests on that port", () => {
    const twoPorts = [
      deployment(
        "api-1",
        { app: "api", version: "1" },
        {
          ports: [
            { name: "http", containerPort: 8080 },
            { name: "http-admin", containerPort: 9000 },
          ],
        },
      ),
      service("api", [
        { name: "http", port: 8080, targetPort: "http" },
        { name: "http-admin", port: 9000, targetPort: "http-admin" },
      ]),
      destinationRule("api", { v1: { version: "1" } }),
      virtualService("api", {
        http: [{ match: [{ port: 9000 }], route: [to("api", "v1", 9000)] }],
      }),
    ];
    const mesh = buildMesh(twoPorts, { namespace: NAMESPACE });
    expect(landed(mesh.route(fromWeb({ port: 9000 }))).virtualService).toBe("shop/api");
    // No rule is meant for port 8080, so the sidecar falls back to the Service itself.
    expect(landed(mesh.route(fromWeb({ port: 8080 })))).toMatchObject({
      virtualService: undefined,
      port: 8080,
    });
  });
});

describe("destinations", () => {
  it("when the subset's labels select no pod, then 503", () => {
    const mesh = buildMesh(
      [...shop(), virtualService("api", { http: [{ route: [to("api", "v3")] }] })],
      { namespace: NAMESPACE },
    );
    expect(mesh.route(fromWeb())).toMatchObject({
      ok: false,
      status: 503,
      reason: expect.stringContaining("no pod"),
    });
  });

  it("when the subset is not defined by a DestinationRule, then 503", () => {
    const mesh = buildMesh(
      [...shop(), virtualService("api", { http: [{ route: [to("api", "v9")] }] })],
      { namespace: NAMESPACE },
    );
    expect(mesh.route(fromWeb())).toMatchObject({
      ok: false,
      status: 503,
      reason: expect.stringContaining("not defined"),
    });
  });

  it("when a route has weights, then a seeded random splits requests in proportion, the same way each time", () => {
    const resources = [
      ...shop(),
      virtualService("api", {
        http: [{ route: [to("api", "v1", undefined, 90), to("api", "v2", undefined, 10)] }],
      }),
    ];
    const run = () => {
      const mesh = buildMesh(resources, { namespace: NAMESPACE, random: seededRandom(7) });
      return Array.from({ length: 2000 }, () => landed(mesh.route(fromWeb())).subset);
    };
    const subsets = run();
    const share = subsets.filter((subset) => subset === "v2").length / subsets.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(run()).toEqual(subsets);
  });

  it("when the random source is at either end of a 90/10 split, then each side gets its share", () => {
    const resources = [
      ...shop(),
      virtualService("api", {
        http: [{ route: [to("api", "v1", undefined, 90), to("api", "v2", undefined, 10)] }],
      }),
    ];
    const at = (value: number) =>
      landed(buildMesh(resources, { namespace: NAMESPACE, random: () => value }).route(fromWeb()))
        .subset;
    expect([at(0), at(0.8999), at(0.9), at(0.9999)]).toEqual(["v1", "v1", "v2", "v2"]);
  });

  it("when a Service port has a named targetPort, then only pods declaring that port are endpoints", () => {
    const resources = [
      deployment(
        "store-redis",
        { app: "store" },
        { ports: [{ name: "redis", containerPort: 6379 }] },
      ),
      deployment(
        "store-mysql",
        { app: "store" },
        { ports: [{ name: "mysql", containerPort: 3306 }] },
      ),
      service("store", [
        { name: "redis", port: 6379, targetPort: "redis" },
        { name: "mysql", port: 3306, targetPort: "mysql" },
      ]),
    ];
    const mesh = buildMesh(resources, { namespace: NAMESPACE });
    const endpoints = landed(
      mesh.route(fromWeb({ kind: "tcp", host: "store", port: 3306 })),
    ).endpoints;
    expect(endpoints.map((endpoint) => [endpoint.pod.deployment, endpoint.port])).toEqual([
      ["store-mysql", 3306],
    ]);
  });

  it("when a Service port has a numeric targetPort, then every selected pod is an endpoint", () => {
    const resources = [
      deployment(
        "store-redis",
        { app: "store" },
        { ports: [{ name: "redis", containerPort: 6379 }] },
      ),
      deployment(
        "store-mysql",
        { app: "store" },
        { ports: [{ name: "mysql", containerPort: 3306 }] },
      ),
      service("store", [{ name: "tcp-db", port: 3306, targetPort: 3306 }]),
    ];
    const result = buildMesh(resources, { namespace: NAMESPACE }).route(
      fromWeb({ kind: "tcp", host: "store", port: 3306 }),
    );
    expect(landed(result).endpoints).toHaveLength(2);
  });
});

describe("tcp", () => {
  const store = [
    deployment(
      "store-redis",
      { app: "store", version: "1" },
      { ports: [{ name: "redis", containerPort: 6379 }] },
    ),
    deployment(
      "store-mysql",
      { app: "store", version: "2" },
      { ports: [{ name: "mysql", containerPort: 3306 }] },
    ),
    service("store", [
      { name: "redis", port: 6379, targetPort: "redis" },
      { name: "mysql", port: 3306, targetPort: "mysql" },
    ]),
    destinationRule("store", { v1: { version: "1" }, v2: { version: "2" } }),
  ];
  const tcp = (port: number): RouteRequest => fromWeb({ kind: "tcp", host: "store", port });

  it("when a TCP rule names no port, then it also catches connections to the other port", () => {
    const mesh = buildMesh(
      [
        ...store,
        virtualService("store", {
          tcp: [{ match: [{ sourceLabels: { app: "web" } }], route: [to("store", "v1", 6379)] }],
        }),
      ],
      { namespace: NAMESPACE },
    );
    expect(landed(mesh.route(tcp(3306)))).toMatchObject({ subset: "v1", port: 6379 });
  });

  it("when a TCP rule names its port, then a connection to another port gets the Service's own endpoints", () => {
    const mesh = buildMesh(
      [
        ...store,
        virtualService("store", {
          tcp: [
            {
              match: [{ sourceLabels: { app: "web" }, port: 6379 }],
              route: [to("store", "v1", 6379)],
            },
          ],
        }),
      ],
      { namespace: NAMESPACE },
    );
    expect(podNames(mesh.route(tcp(3306)))).toEqual(["store-mysql-0"]);
    expect(landed(mesh.route(tcp(6379)))).toMatchObject({
      subset: "v1",
      virtualService: "shop/store",
    });
  });
});

describe("gateways", () => {
  const resources = [
    ...shop(),
    gateway("public"),
    virtualService("web-entry", {
      hosts: ["*"],
      gateways: ["public"],
      http: [
        {
          match: [{ uri: { prefix: "/" } }],
          route: [to("web.shop.svc.cluster.local", undefined, 8080)],
        },
      ],
    }),
  ];
  const viaGateway = (overrides: Partial<RouteRequest> = {}): RouteRequest => ({
    kind: "http",
    gateway: "public",
    host: "203.0.113.9",
    port: 80,
    uri: "/",
    ...overrides,
  });

  it("when a request comes through the gateway, then the VirtualService bound to it routes it", () => {
    const result = buildMesh(resources, { namespace: NAMESPACE }).route(viaGateway());
    expect(landed(result)).toMatchObject({
      service: "web",
      port: 8080,
      virtualService: "shop/web-entry",
    });
  });

  it("when the gateway has no server on the port or is unknown, then 404", () => {
    const mesh = buildMesh(resources, { namespace: NAMESPACE });
    expect(mesh.route(viaGateway({ port: 443 }))).toMatchObject({ ok: false, status: 404 });
    expect(mesh.route(viaGateway({ gateway: "other" }))).toMatchObject({ ok: false, status: 404 });
  });

  it("when a pod calls a host whose only VirtualService is bound to a gateway, then that VirtualService is not used", () => {
    const mesh = buildMesh(resources, { namespace: NAMESPACE });
    expect(landed(mesh.route(fromWeb({ host: "web" }))).virtualService).toBeUndefined();
  });
});

describe("pods and policies", () => {
  it("when podsOf names a subset, then only the Service's pods with the subset's labels are returned", () => {
    const mesh = buildMesh(shop(), { namespace: NAMESPACE });
    expect(mesh.podsOf("api", "v1").map((pod) => pod.name)).toEqual(["api-1-0", "api-1-1"]);
    expect(mesh.podsOf("api.shop.svc.cluster.local").map((pod) => pod.name)).toEqual([
      "api-1-0",
      "api-1-1",
      "api-2-0",
    ]);
    expect(() => mesh.podsOf("api", "v9")).toThrow(/no subset v9/);
  });

  it("when pods are given, then they replace the pods expanded from Deployments", () => {
    const pods: Pod[] = [
      {
        name: "local-api",
        namespace: NAMESPACE,
        labels: { app: "api", version: "2" },
        ports: [{ name: "http", containerPort: 41234 }],
      },
    ];
    const result = buildMesh(shop(), { namespace: NAMESPACE, pods }).route(fromWeb());
    expect(landed(result).endpoint).toEqual({ pod: pods[0], port: 41234 });
  });

  it("when a namespace has a PeerAuthentication without selector, then it sets the mTLS mode of its pods", () => {
    const policy = {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: NAMESPACE },
      spec: { mtls: { mode: "STRICT" } },
    };
    const mesh = buildMesh([...shop(), policy], { namespace: NAMESPACE });
    expect(mesh.pods.map((pod) => mesh.mtlsMode(pod))).toEqual([
      "STRICT",
      "STRICT",
      "STRICT",
      "STRICT",
    ]);
    expect(buildMesh(shop(), { namespace: NAMESPACE }).mtlsMode(mesh.pods[0]!)).toBeUndefined();
  });
});
