import { createServer as createHttpServer, type Server } from "node:http";
import { connect, createServer, type AddressInfo } from "node:net";
import { INGRESS_LABELS, type KubeObject } from "@voting/mesh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Upstream } from "../src/pods/upstreams.js";
import { createRouting, type RoutablePod } from "../src/traffic/routing.js";
import { createSidecar, type Sidecar } from "../src/traffic/sidecar.js";
import { ANALYTICS_UPSTREAM, REDIS_UPSTREAM, service } from "./builders.js";

// Real listeners stand in for pods: an HTTP server that names itself, a TCP server that says
// which store it is, so a test sees where each call landed.
const servers: (Server | ReturnType<typeof createServer>)[] = [];
async function listen(server: Server | ReturnType<typeof createServer>): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
const httpPod = async (name: string) => listen(createHttpServer((_req, res) => res.end(name)));
const tcpPod = async (greeting: string) => listen(createServer((socket) => socket.end(greeting)));

function pod(
  name: string,
  labels: Record<string, string>,
  ports: Record<number, number>,
  declared: { name: string; containerPort: number }[],
): RoutablePod {
  return {
    name,
    namespace: "voting",
    labels,
    ports: declared,
    routable: true,
    sidecar: true,
    address: (port) => (ports[port] ? { host: "127.0.0.1", port: ports[port]! } : undefined),
  };
}

const istio = (kind: string, name: string, spec: unknown): KubeObject => ({
  apiVersion: "networking.istio.io/v1",
  kind,
  metadata: { name, namespace: "voting" },
  spec,
});
const subsets = (app: string, ...versions: string[]) =>
  versions.map((version) => ({ name: `v${version.replace(".", "-")}`, labels: { app, version } }));

let pods: RoutablePod[] = [];
let objects: KubeObject[] = [];
const routing = createRouting({
  objects: () => objects,
  pods: () => pods,
  namespace: "voting",
  ingressLabels: INGRESS_LABELS.istioctl,
});
const sidecars: Sidecar[] = [];

async function sidecarOf(labels: Record<string, string>, upstream: Upstream): Promise<number> {
  const sidecar = createSidecar({ pod: "caller", namespace: "voting", labels }, { routing });
  sidecars.push(sidecar);
  return sidecar.listen(upstream);
}
const analytics = ANALYTICS_UPSTREAM;
const storage = REDIS_UPSTREAM;
const get = async (port: number, headers: Record<string, string> = {}) => {
  const response = await fetch(`http://127.0.0.1:${port}/analytics`, { headers });
  return { status: response.status, body: await response.text() };
};
const dial = (port: number) =>
  new Promise<string>((resolve) => {
    let text = "";
    const socket = connect(port, "127.0.0.1");
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("close", () => resolve(text === "" ? "closed" : text));
    socket.on("error", () => {});
  });

beforeAll(async () => {
  const analyticsPod = (version: string) =>
    pod(`voting-analytics-${version}`, { app: "voting-analytics", version }, {}, [
      { name: "http", containerPort: 8080 },
    ]);
  const a10 = analyticsPod("1.0");
  const a11 = analyticsPod("1.1");
  const [p10, p11, redis, mysql] = await Promise.all([
    httpPod(a10.name),
    httpPod(a11.name),
    tcpPod("redis"),
    tcpPod("mysql"),
  ]);
  pods = [
    { ...a10, address: (port) => (port === 8080 ? { host: "127.0.0.1", port: p10 } : undefined) },
    { ...a11, address: (port) => (port === 8080 ? { host: "127.0.0.1", port: p11 } : undefined) },
    pod("voting-storage-1-0", { app: "voting-storage", version: "1.0" }, { 6379: redis }, [
      { name: "redis", containerPort: 6379 },
    ]),
    pod("voting-storage-2-0", { app: "voting-storage", version: "2.0" }, { 3306: mysql }, [
      { name: "mysql", containerPort: 3306 },
    ]),
  ];
});

afterAll(async () => {
  await Promise.all(sidecars.map((sidecar) => sidecar.close()));
  for (const server of servers) server.close();
});

describe("a pod's sidecar", () => {
  it("when no VirtualService exists, then HTTP calls are spread over every pod of the Service", async () => {
    objects = [service("voting-analytics", [{ name: "http", port: 8080, targetPort: "http" }])];
    routing.invalidate();
    const port = await sidecarOf({ app: "voting-app", version: "1.0" }, analytics);
    const bodies = new Set(
      (await Promise.all([1, 2, 3, 4].map(() => get(port)))).map((answer) => answer.body),
    );
    expect(bodies).toEqual(new Set(["voting-analytics-1.0", "voting-analytics-1.1"]));
  });

  it("when a rule's sourceLabels fit the caller, then it decides; a caller no rule is for gets the spread", async () => {
    objects = [
      service("voting-analytics", [{ name: "http", port: 8080, targetPort: "http" }]),
      istio("DestinationRule", "voting-analytics", {
        host: "voting-analytics",
        subsets: subsets("voting-analytics", "1.0", "1.1"),
      }),
      istio("VirtualService", "voting-analytics", {
        hosts: ["voting-analytics"],
        http: [
          {
            match: [{ sourceLabels: { app: "voting-app", version: "1.0" } }],
            route: [{ destination: { host: "voting-analytics", subset: "v1-1" } }],
          },
        ],
      }),
    ];
    routing.invalidate();
    const pinned = await sidecarOf({ app: "voting-app", version: "1.0" }, analytics);
    const other = await sidecarOf({ app: "voting-app", version: "2.0" }, analytics);
    for (let i = 0; i < 4; i++) expect((await get(pinned)).body).toBe("voting-analytics-1.1");
    const spread = new Set(
      (await Promise.all([1, 2, 3, 4].map(() => get(other)))).map((answer) => answer.body),
    );
    expect(spread.size).toBe(2);
  });

  it("when rules are for the caller but none fits the request, then it answers 404; an empty subset, 503", async () => {
    objects = [
      service("voting-analytics", [{ name: "http", port: 8080, targetPort: "http" }]),
      istio("DestinationRule", "voting-analytics", {
        host: "voting-analytics",
        subsets: subsets("voting-analytics", "1.1", "2.0"),
      }),
      istio("VirtualService", "voting-analytics", {
        hosts: ["voting-analytics"],
        http: [
          {
            match: [{ headers: { "x-canary": { exact: "yes" } } }],
            route: [{ destination: { host: "voting-analytics", subset: "v2-0" } }],
          },
        ],
      }),
    ];
    routing.invalidate();
    const port = await sidecarOf({ app: "voting-app", version: "1.0" }, analytics);
    expect(await get(port)).toEqual({ status: 404, body: "" });
    expect(await get(port, { "x-canary": "yes" })).toEqual({
      status: 503,
      body: "no healthy upstream",
    });
  });

  it("when a Service's numeric targetPort also selects a pod without that port, then some connections fail", async () => {
    // The latent fault: both storage pods are endpoints of 6379, but only Redis serves it.
    objects = [service("voting-storage", [{ name: "redis", port: 6379, targetPort: 6379 }])];
    routing.invalidate();
    const port = await sidecarOf({ app: "voting-app", version: "1.0" }, storage);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await dial(port));
    expect(answers.sort()).toEqual(["closed", "closed", "redis", "redis"]);
  });

  it("when the targetPort is named, then every connection reaches the pod that declares it", async () => {
    objects = [service("voting-storage", [{ name: "redis", port: 6379, targetPort: "redis" }])];
    routing.invalidate();
    const port = await sidecarOf({ app: "voting-app", version: "1.0" }, storage);
    for (let i = 0; i < 4; i++) expect(await dial(port)).toBe("redis");
  });

  it("when a rule is applied while the listener is open, then the next connection follows it", async () => {
    objects = [service("voting-storage", [{ name: "redis", port: 6379, targetPort: "redis" }])];
    routing.invalidate();
    const port = await sidecarOf({ app: "voting-app", version: "1.0" }, storage);
    expect(await dial(port)).toBe("redis");
    objects = [
      ...objects,
      istio("DestinationRule", "voting-storage", {
        host: "voting-storage",
        subsets: subsets("voting-storage", "1.0", "3.0"),
      }),
      istio("VirtualService", "voting-storage", {
        hosts: ["voting-storage"],
        tcp: [
          {
            match: [{ sourceLabels: { app: "voting-app" } }],
            route: [{ destination: { host: "voting-storage", subset: "v3-0" } }],
          },
        ],
      }),
    ];
    routing.invalidate();
    expect(await dial(port)).toBe("closed");
  });

  const pinnedTo11 = () => [
    service("voting-analytics", [{ name: "http", port: 8080, targetPort: "http" }]),
    istio("DestinationRule", "voting-analytics", {
      host: "voting-analytics",
      subsets: subsets("voting-analytics", "1.0", "1.1"),
    }),
    istio("VirtualService", "voting-analytics", {
      hosts: ["voting-analytics"],
      http: [{ route: [{ destination: { host: "voting-analytics", subset: "v1-1" } }] }],
    }),
  ];

  it("when the caller has no sidecar, then no VirtualService routes its calls: they spread over the Service", async () => {
    objects = pinnedTo11();
    routing.invalidate();
    const plain = createSidecar(
      { pod: "caller", namespace: "voting", labels: { app: "voting-app" }, sidecar: false },
      { routing },
    );
    sidecars.push(plain);
    const port = await plain.listen(analytics);
    const bodies = new Set(
      (await Promise.all([1, 2, 3, 4].map(() => get(port)))).map((answer) => answer.body),
    );
    expect(bodies).toEqual(new Set(["voting-analytics-1.0", "voting-analytics-1.1"]));
  });

  it("when a STRICT PeerAuthentication and ISTIO_MUTUAL apply, then a caller without a sidecar is refused and one with a sidecar cannot reach a pod without one", async () => {
    objects = [
      ...pinnedTo11().map((object) =>
        object.kind === "DestinationRule"
          ? {
              ...object,
              spec: {
                ...(object.spec as object),
                trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
              },
            }
          : object,
      ),
      {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: "voting" },
        spec: { mtls: { mode: "STRICT" } },
      },
    ];
    routing.invalidate();
    const plain = createSidecar(
      { pod: "caller", namespace: "voting", labels: { app: "voting-app" }, sidecar: false },
      { routing },
    );
    sidecars.push(plain);
    const plainPort = await plain.listen(analytics);
    await expect(get(plainPort)).rejects.toThrow();

    const withSidecar = await sidecarOf({ app: "voting-app", version: "1.0" }, analytics);
    expect(await get(withSidecar)).toEqual({ status: 200, body: "voting-analytics-1.1" });
    const saved = pods;
    pods = pods.map((entry) =>
      entry.labels.version === "1.1" ? { ...entry, sidecar: false } : entry,
    );
    routing.invalidate();
    try {
      expect((await get(withSidecar)).status).toBe(503);
    } finally {
      pods = saved;
      routing.invalidate();
    }
  });
});
