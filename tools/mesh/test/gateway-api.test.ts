import { describe, expect, it } from "vitest";
import {
  buildMesh,
  MeshConfigError,
  type RouteRequest,
  type RouteResult,
  seededRandom,
} from "../src/index.js";
import { apiGateway, backend, NAMESPACE, service, shop, to, virtualService } from "./builders.js";

/** shop() plus a Service per api version, as the Gateway API routes to Services, not subsets. */
const versioned = () => [
  ...shop(),
  service("api-v1", undefined, { app: "api", version: "1" }),
  service("api-v2", undefined, { app: "api", version: "2" }),
];

const EDGE = "gateway.networking.k8s.io/shop/edge";

const viaEdge = (overrides: Partial<RouteRequest> = {}): RouteRequest => ({
  kind: "http",
  gateway: EDGE,
  host: "shop.example.com",
  port: 80,
  uri: "/",
  ...overrides,
});

function route(name: string, rules: Record<string, unknown>[], extra = {}, parent = "edge") {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace: NAMESPACE },
    spec: { parentRefs: [{ name: parent }], rules, ...extra },
  };
}

const meshWith = (...extra: unknown[]) =>
  buildMesh([...versioned(), apiGateway("edge"), ...extra], {
    namespace: NAMESPACE,
    random: seededRandom(7),
  });

/** The Service a request lands on, or the failure status. */
function serviceOf(result: RouteResult): string | number {
  return result.ok ? result.service : result.status;
}

const prefix = (value: string) => ({ path: { type: "PathPrefix", value } });
const exact = (value: string) => ({ path: { type: "Exact", value } });
const header = (name: string, value: string, type = "Exact") => ({ name, value, type });

describe("an HTTPRoute on a Gateway API Gateway", () => {
  it("when a request reaches the Gateway, then its HTTPRoute sends it to the named Service and port, and the decision says which gateway and route", () => {
    const mesh = meshWith(
      route("web", [{ matches: [prefix("/")], backendRefs: [backend("web")] }]),
    );
    expect(mesh.route(viaEdge())).toMatchObject({
      ok: true,
      service: "web",
      port: 8080,
      subset: undefined,
      gateway: EDGE,
      httpRoute: "shop/web",
      virtualService: undefined,
    });
  });

  it("when a rule has no matches, then it matches every path, as the default PathPrefix / does", () => {
    const mesh = meshWith(route("web", [{ backendRefs: [backend("web")] }]));
    expect(serviceOf(mesh.route(viaEdge({ uri: "/any/where?x=1" })))).toBe("web");
  });

  it("when a VirtualService bound to the mesh covers the backend, then the Gateway ignores it and spreads over the Service's pods", () => {
    const pinned = virtualService("api", { http: [{ route: [to("api", "v2")] }] });
    const mesh = meshWith(route("api", [{ backendRefs: [backend("api")] }]), pinned);
    const result = mesh.route(viaEdge());
    expect(result.ok && result.endpoints.map((endpoint) => endpoint.pod.name)).toEqual([
      "api-1-0",
      "api-1-1",
      "api-2-0",
    ]);
  });

  it("when the Gateway is named without its API group, then the request does not reach it", () => {
    const mesh = meshWith(route("web", [{ backendRefs: [backend("web")] }]));
    expect(mesh.route(viaEdge({ gateway: "edge" }))).toMatchObject({ ok: false, status: 404 });
    expect(mesh.route(viaEdge({ gateway: "shop/edge" }))).toMatchObject({ status: 404 });
  });
});

describe("path and header matches", () => {
  const mesh = meshWith(
    route("paths", [
      { matches: [prefix("/api/")], backendRefs: [backend("api")] },
      { matches: [exact("/about")], backendRefs: [backend("api-v2")] },
      { matches: [prefix("/")], backendRefs: [backend("web")] },
    ]),
  );

  it.each([
    ["/api", "api"],
    ["/api/", "api"],
    ["/api/votes?x=1", "api"],
    ["/apix", "web"],
    ["/about", "api-v2"],
    ["/about?x=1", "api-v2"],
    ["/about/", "web"],
    ["/About", "web"],
  ])(
    "when the path is %s, then the request lands on %s (PathPrefix by whole path elements, Exact without the query)",
    (uri, expected) => {
      expect(serviceOf(mesh.route(viaEdge({ uri })))).toBe(expected);
    },
  );

  const cookieRule = {
    matches: [
      { headers: [header("Cookie", "^(.*?; ?)?(featureflag=on)(;.*)?$", "RegularExpression")] },
    ],
    backendRefs: [backend("api-v2")],
  };
  const flagged = meshWith(
    route("flag", [
      cookieRule,
      { matches: [{ headers: [header("x-canary", "true")] }], backendRefs: [backend("api-v1")] },
      { backendRefs: [backend("web")] },
    ]),
  );

  it.each([
    [{ cookie: "a=b; featureflag=on" }, "api-v2"],
    [{ Cookie: "featureflag=on;c=d" }, "api-v2"],
    [{ cookie: "featureflag=onion" }, "web"],
    [{ cookie: "xfeatureflag=on" }, "web"],
    [{ "X-Canary": "true" }, "api-v1"],
    [{ "x-canary": "True" }, "web"],
    [{}, "web"],
  ] as const)(
    "when the request carries %j, then it lands on %s (names case-insensitive, RE2 on the whole value, Exact case-sensitive)",
    (headers, expected) => {
      expect(serviceOf(flagged.route(viaEdge({ headers })))).toBe(expected);
    },
  );
});

describe("precedence is the Gateway API's, not the order of the rules", () => {
  it("when an Exact path and a longer prefix both match, then the Exact path wins wherever it is written", () => {
    const mesh = meshWith(
      route("a", [
        { matches: [prefix("/")], backendRefs: [backend("web")] },
        { matches: [prefix("/votes")], backendRefs: [backend("api-v1")] },
        { matches: [exact("/votes")], backendRefs: [backend("api-v2")] },
      ]),
    );
    expect(serviceOf(mesh.route(viaEdge({ uri: "/votes" })))).toBe("api-v2");
    expect(serviceOf(mesh.route(viaEdge({ uri: "/votes/1" })))).toBe("api-v1");
    expect(serviceOf(mesh.route(viaEdge({ uri: "/" })))).toBe("web");
  });

  it("when two matches have the same path, then the one with more header matches wins, even when written last", () => {
    const mesh = meshWith(
      route("a", [
        { matches: [{ headers: [header("x-a", "1")] }], backendRefs: [backend("api-v1")] },
        {
          matches: [{ headers: [header("x-a", "1"), header("x-b", "1")] }],
          backendRefs: [backend("api-v2")],
        },
      ]),
    );
    expect(serviceOf(mesh.route(viaEdge({ headers: { "x-a": "1", "x-b": "1" } })))).toBe("api-v2");
    expect(serviceOf(mesh.route(viaEdge({ headers: { "x-a": "1" } })))).toBe("api-v1");
  });

  it("when a path prefix and a header match compete, then the longer path wins over the header", () => {
    const mesh = meshWith(
      route("a", [
        { matches: [{ headers: [header("x-a", "1")] }], backendRefs: [backend("api-v1")] },
        { matches: [prefix("/votes")], backendRefs: [backend("api-v2")] },
      ]),
    );
    expect(serviceOf(mesh.route(viaEdge({ uri: "/votes", headers: { "x-a": "1" } })))).toBe(
      "api-v2",
    );
  });

  it("when two routes tie, then the route applied first wins, and within a route the first rule", () => {
    const first = route("zz-first", [
      { matches: [prefix("/")], backendRefs: [backend("api-v1")] },
      { matches: [prefix("/")], backendRefs: [backend("api-v2")] },
    ]);
    const second = route("aa-second", [{ matches: [prefix("/")], backendRefs: [backend("web")] }]);
    expect(serviceOf(meshWith(first, second).route(viaEdge()))).toBe("api-v1");
    expect(serviceOf(meshWith(second, first).route(viaEdge()))).toBe("web");
  });

  it("when routes name hostnames, then the route with the most specific matching hostname wins", () => {
    const wildcard = route("wild", [{ backendRefs: [backend("api-v1")] }], {
      hostnames: ["*.example.com"],
    });
    const exactHost = route("exact", [{ backendRefs: [backend("api-v2")] }], {
      hostnames: ["shop.example.com"],
    });
    const mesh = meshWith(wildcard, exactHost);
    expect(serviceOf(mesh.route(viaEdge()))).toBe("api-v2");
    expect(serviceOf(mesh.route(viaEdge({ host: "other.example.com:80" })))).toBe("api-v1");
    expect(serviceOf(mesh.route(viaEdge({ host: "example.org" })))).toBe(404);
  });
});

describe("backends and failures", () => {
  it("when backends carry weights 3 and 1, then about a quarter of the requests reach the second", () => {
    const mesh = meshWith(
      route("split", [{ backendRefs: [backend("api-v1", 8080, 3), backend("api-v2", 8080, 1)] }]),
    );
    const results = Array.from({ length: 2000 }, () => serviceOf(mesh.route(viaEdge())));
    expect(results.filter((each) => each === "api-v2").length / 2000).toBeCloseTo(0.25, 1);
  });

  it("when a backend has weight 0, then it gets nothing, and when all do, then 503", () => {
    const some = meshWith(
      route("split", [{ backendRefs: [backend("api-v1", 8080, 0), backend("api-v2", 8080, 5)] }]),
    );
    const results = new Set(Array.from({ length: 50 }, () => serviceOf(some.route(viaEdge()))));
    expect(results).toEqual(new Set(["api-v2"]));
    const none = meshWith(route("none", [{ backendRefs: [backend("api-v1", 8080, 0)] }]));
    expect(none.route(viaEdge())).toMatchObject({ ok: false, status: 503 });
  });

  it("when the backend is no Service, lacks the port or has no pod, then 503", () => {
    const noPod = service("api-v3", undefined, { app: "api", version: "3" });
    for (const ref of [backend("nothing"), backend("api", 9090), backend("api-v3")]) {
      const mesh = meshWith(noPod, route("r", [{ backendRefs: [ref] }]));
      expect(mesh.route(viaEdge())).toMatchObject({ ok: false, status: 503 });
    }
  });

  it("when no match fits, no listener serves the port, or no route is attached, then 404", () => {
    const mesh = meshWith(
      route("r", [{ matches: [exact("/only")], backendRefs: [backend("web")] }]),
    );
    expect(mesh.route(viaEdge())).toMatchObject({ ok: false, status: 404 });
    expect(mesh.route(viaEdge({ uri: "/only", port: 8080 }))).toMatchObject({ status: 404 });
    expect(meshWith().route(viaEdge())).toMatchObject({ ok: false, status: 404 });
  });
});

describe("attaching routes to listeners", () => {
  const twoListeners = apiGateway("edge", [
    { name: "public", port: 80, protocol: "HTTP" },
    { name: "admin", port: 8000, protocol: "HTTP", hostname: "admin.example.com" },
  ]);
  const build = (...extra: unknown[]) =>
    buildMesh([...versioned(), twoListeners, ...extra], { namespace: NAMESPACE });

  it("when a parentRef names a sectionName, then the route serves that listener only", () => {
    const admin = route("admin", [{ backendRefs: [backend("api")] }]);
    admin.spec.parentRefs = [{ name: "edge", sectionName: "admin" } as never];
    const mesh = build(admin);
    expect(serviceOf(mesh.route(viaEdge({ port: 8000, host: "admin.example.com" })))).toBe("api");
    expect(serviceOf(mesh.route(viaEdge()))).toBe(404);
    expect(serviceOf(mesh.route(viaEdge({ port: 8000, host: "shop.example.com" })))).toBe(404);
  });

  it("when a parentRef fits no listener of an existing Gateway, then building fails naming it", () => {
    const wrong = route("wrong", [{ backendRefs: [backend("api")] }]);
    wrong.spec.parentRefs = [{ name: "edge", sectionName: "https" } as never];
    expect(() => build(wrong)).toThrow(MeshConfigError);
    expect(() => build(wrong)).toThrow("HTTPRoute shop/wrong: spec.parentRefs[0] fits no listener");
    const hostless = route("hosts", [{ backendRefs: [backend("api")] }], {
      hostnames: ["shop.example.org"],
    });
    hostless.spec.parentRefs = [{ name: "edge", port: 8000 } as never];
    expect(() => build(hostless)).toThrow("spec.parentRefs[0] fits no listener");
  });

  it("when a parentRef names a Gateway that does not exist yet, then the route attaches to nothing", () => {
    const mesh = build(route("later", [{ backendRefs: [backend("web")] }], {}, "not-yet"));
    expect(mesh.route(viaEdge())).toMatchObject({ ok: false, status: 404 });
  });
});

describe("what the Gateway API part does not implement is refused by name", () => {
  const build =
    (...extra: unknown[]) =>
    () =>
      buildMesh([...versioned(), ...extra], { namespace: NAMESPACE });
  const withRule = (rule: Record<string, unknown>) =>
    build(apiGateway("edge"), route("r", [{ backendRefs: [backend("web")], ...rule }]));

  it("when a Gateway has another class or a listener another protocol, then building fails naming it", () => {
    const other = apiGateway("edge");
    other.spec.gatewayClassName = "nginx";
    expect(build(other)).toThrow("Gateway shop/edge: spec.gatewayClassName nginx is not supported");
    const https = apiGateway("edge", [{ name: "tls", port: 443, protocol: "HTTPS" }]);
    expect(build(https)).toThrow("spec.listeners[0].protocol HTTPS is not supported");
    const selector = apiGateway("edge", [
      {
        name: "h",
        port: 80,
        protocol: "HTTP",
        allowedRoutes: { namespaces: { from: "Selector" } },
      },
    ]);
    expect(build(selector)).toThrow("spec.listeners[0].allowedRoutes.namespaces.from Selector");
  });

  it.each([
    ["filters", { filters: [{ type: "RequestHeaderModifier" }] }, "spec.rules[0].filters"],
    ["timeouts", { timeouts: { request: "1s" } }, "spec.rules[0].timeouts"],
    [
      "query parameters",
      { matches: [{ queryParams: [] }] },
      "spec.rules[0].matches[0].queryParams",
    ],
    ["a method", { matches: [{ method: "GET" }] }, "spec.rules[0].matches[0].method"],
    [
      "a regex path",
      { matches: [{ path: { type: "RegularExpression", value: "/.*" } }] },
      "spec.rules[0].matches[0].path.type RegularExpression",
    ],
    [
      "a header match type other than Exact or RegularExpression",
      { matches: [{ headers: [{ name: "a", value: "b", type: "Prefix" }] }] },
      "spec.rules[0].matches[0].headers[0].type Prefix",
    ],
    [
      "a regex RE2 cannot compile",
      { matches: [{ headers: [{ name: "a", value: "(?=x)", type: "RegularExpression" }] }] },
      "spec.rules[0].matches[0].headers[0].value is not a valid RE2 expression",
    ],
    ["no backend", { backendRefs: [] }, "spec.rules[0].backendRefs must name at least one"],
    [
      "a backend in another namespace",
      { backendRefs: [{ name: "web", namespace: "other", port: 8080 }] },
      "spec.rules[0].backendRefs[0].namespace",
    ],
    [
      "a backend that is not a Service",
      { backendRefs: [{ name: "web", kind: "ServiceImport", port: 8080 }] },
      "spec.rules[0].backendRefs[0].kind ServiceImport",
    ],
    [
      "a backend without port",
      { backendRefs: [{ name: "web" }] },
      "spec.rules[0].backendRefs[0].port is required",
    ],
  ])("when a rule has %s, then building fails naming the field", (_what, rule, message) => {
    expect(withRule(rule)).toThrow(MeshConfigError);
    expect(withRule(rule)).toThrow(message);
  });

  it.each(["GRPCRoute", "TCPRoute", "TLSRoute"])(
    "when a %s is given, then building fails naming the kind",
    (kind) => {
      const other = { ...route("r", [{ backendRefs: [backend("web")] }]), kind };
      expect(build(apiGateway("edge"), other)).toThrow(
        `kind ${kind} (gateway.networking.k8s.io/v1)`,
      );
    },
  );
});
