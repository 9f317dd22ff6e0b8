import { createServer as createHttpServer, type Server } from "node:http";
import { connect, createServer, type AddressInfo } from "node:net";
import { INGRESS_LABELS, type KubeObject } from "@voting/mesh";
import { createMeshView, type MeshView, type Workload } from "@voting/mesh-view";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Upstream } from "../src/pods/upstreams.js";
import { createIngress, type Ingress } from "../src/traffic/ingress.js";
import { createRouting, type RoutablePod } from "../src/traffic/routing.js";
import { createSidecar, type Sidecar } from "../src/traffic/sidecar.js";
import { createProxyReport, ruleOf } from "../src/traffic/telemetry.js";
import { ANALYTICS_UPSTREAM, REDIS_UPSTREAM, service } from "./builders.js";
import { metricValue } from "@voting/devstack/metrics-text";

// What the ingress and the sidecars report, read back from Istio's metrics and the graph of a
// real mesh view. Real listeners stand in for the pods.
const servers: (Server | ReturnType<typeof createServer>)[] = [];
async function listen(server: Server | ReturnType<typeof createServer>): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function pod(
  deployment: string,
  labels: Record<string, string>,
  containerPort: number,
  port: number,
  sidecar = true,
): RoutablePod & { deployment: string } {
  return {
    name: `${deployment}-abc12-xyz34`,
    namespace: "voting",
    deployment,
    labels,
    ports: [{ name: containerPort === 8080 ? "http" : "redis", containerPort }],
    routable: true,
    sidecar,
    address: (asked) => (asked === containerPort ? { host: "127.0.0.1", port } : undefined),
  };
}

const INGRESS: Workload = {
  workload: "istio-ingressgateway",
  namespace: "istio-system",
  app: "istio-ingressgateway",
  version: "unknown",
  ingress: true,
};
const APP: Workload = {
  workload: "voting-app-1-0",
  namespace: "voting",
  app: "voting-app",
  version: "1.0",
};
const istio = (kind: string, name: string, spec: unknown): KubeObject => ({
  apiVersion: "networking.istio.io/v1",
  kind,
  metadata: { name, namespace: "voting" },
  spec,
});
const gateway = istio("Gateway", "voting-app-gateway", {
  selector: { istio: "ingressgateway" },
  servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
});
const appRoute = istio("VirtualService", "voting-app", {
  hosts: ["*"],
  gateways: ["voting-app-gateway"],
  http: [{ route: [{ destination: { host: "voting-app", port: { number: 80 } } }] }],
});

let pods: RoutablePod[] = [];
let objects: KubeObject[] = [];
let view: MeshView;
let ingress: Ingress;
let ingressPort: number;
const sidecars: Sidecar[] = [];
const routing = createRouting({
  objects: () => objects,
  pods: () => pods,
  namespace: "voting",
  ingressLabels: INGRESS_LABELS.istioctl,
});

beforeEach(async () => {
  view = createMeshView();
  ingress = createIngress({ routing, report: createProxyReport(view, INGRESS, true) });
  ingressPort = await listen(createHttpServer(ingress.handle));
});

afterEach(() => ingress.close());

afterAll(async () => {
  await Promise.all(sidecars.map((sidecar) => sidecar.close()));
  for (const server of servers) server.close();
});

async function metrics(): Promise<string> {
  return view.metrics.registry.metrics();
}

async function get(port: number, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

describe("the ingress's reports", () => {
  it("when requests are routed to a pod, then each counts once per reporter, labelled with both workloads and the rule", async () => {
    const appPort = await listen(createHttpServer((_req, res) => res.end("app")));
    pods = [pod("voting-app-1-0", { app: "voting-app", version: "1.0" }, 8080, appPort)];
    objects = [
      service("voting-app", [{ name: "http", port: 80, targetPort: 8080 }]),
      gateway,
      appRoute,
    ];
    routing.invalidate();

    expect(await get(ingressPort, 7)).toEqual(Array(7).fill(200));

    const text = await metrics();
    const labels = {
      source_workload: "istio-ingressgateway",
      source_workload_namespace: "istio-system",
      destination_workload: "voting-app-1-0",
      destination_app: "voting-app",
      destination_version: "1.0",
      destination_service: "voting-app.voting.svc.cluster.local",
      response_code: "200",
      response_flags: "-",
    };
    expect(metricValue(text, "istio_requests_total", { ...labels, reporter: "source" })).toBe(7);
    expect(metricValue(text, "istio_requests_total", { ...labels, reporter: "destination" })).toBe(
      7,
    );
    expect(
      metricValue(text, "istio_request_duration_milliseconds_count", {
        ...labels,
        reporter: "source",
      }),
    ).toBe(7);
    // The graph draws each request once, with the VirtualService that decided it.
    const edges = view.graph().edges;
    expect(edges.map((edge) => [edge.source, edge.target, edge.requests, edge.rule])).toEqual([
      [
        "ingress/istio-system/istio-ingressgateway",
        "voting/voting-app/1.0",
        7,
        "VirtualService voting/voting-app",
      ],
    ]);
  });

  it("when no Gateway routes, then the 404 is counted as Envoy's no-route reply (NR), to an unknown destination", async () => {
    objects = [];
    routing.invalidate();
    expect(await get(ingressPort, 3)).toEqual([404, 404, 404]);
    const text = await metrics();
    expect(
      metricValue(text, "istio_requests_total", {
        reporter: "source",
        source_workload: "istio-ingressgateway",
        destination_workload: "unknown",
        destination_service: "unknown",
        response_code: "404",
        response_flags: "NR",
      }),
    ).toBe(3);
    expect(metricValue(text, "istio_requests_total", { reporter: "destination" })).toBe(0);
  });

  it("when the route leads to no ready pod, then the 503 is counted as no healthy upstream (UH) and drawn as an error", async () => {
    pods = [];
    objects = [
      service("voting-app", [{ name: "http", port: 80, targetPort: 8080 }]),
      gateway,
      appRoute,
    ];
    routing.invalidate();
    expect(await get(ingressPort, 2)).toEqual([503, 503]);
    expect(
      metricValue(await metrics(), "istio_requests_total", {
        response_code: "503",
        response_flags: "UH",
      }),
    ).toBe(2);
    expect(view.graph().edges.map((edge) => [edge.requests, edge.errorRate, edge.rule])).toEqual([
      [2, 1, "no healthy upstream"],
    ]);
  });
});

describe("a sidecar's reports", () => {
  const analytics = ANALYTICS_UPSTREAM;
  const storage = REDIS_UPSTREAM;

  async function sidecarOf(hasSidecar: boolean, upstream: Upstream): Promise<number> {
    const sidecar = createSidecar(
      {
        pod: "voting-app-1-0-abc12-xyz34",
        namespace: "voting",
        labels: { app: "voting-app", version: "1.0" },
        sidecar: hasSidecar,
      },
      { routing, report: createProxyReport(view, APP, hasSidecar) },
    );
    sidecars.push(sidecar);
    return sidecar.listen(upstream);
  }

  it("when the app calls analytics through a VirtualService subset, then the call counts with the subset's version and rule", async () => {
    const port = await listen(createHttpServer((_req, res) => res.end("1.1")));
    pods = [pod("voting-analytics-1-1", { app: "voting-analytics", version: "1.1" }, 8080, port)];
    objects = [
      service("voting-analytics", [{ name: "http", port: 8080, targetPort: "http" }]),
      istio("DestinationRule", "voting-analytics", {
        host: "voting-analytics",
        subsets: [{ name: "v1-1", labels: { app: "voting-analytics", version: "1.1" } }],
      }),
      istio("VirtualService", "voting-analytics", {
        hosts: ["voting-analytics"],
        http: [{ route: [{ destination: { host: "voting-analytics", subset: "v1-1" } }] }],
      }),
    ];
    routing.invalidate();
    expect(await get(await sidecarOf(true, analytics), 5)).toEqual(Array(5).fill(200));

    expect(
      metricValue(await metrics(), "istio_requests_total", {
        reporter: "source",
        source_workload: "voting-app-1-0",
        source_version: "1.0",
        destination_workload: "voting-analytics-1-1",
        destination_version: "1.1",
        destination_service_name: "voting-analytics",
      }),
    ).toBe(5);
    expect(view.graph().edges.map((edge) => edge.rule)).toEqual([
      "VirtualService voting/voting-analytics, subset v1-1",
    ]);
  });

  it("when a pod without a sidecar calls, then the call is drawn but only the destination's sidecar counts it", async () => {
    const port = await listen(createHttpServer((_req, res) => res.end("1.0")));
    pods = [pod("voting-analytics-1-0", { app: "voting-analytics", version: "1.0" }, 8080, port)];
    objects = [service("voting-analytics", [{ name: "http", port: 8080, targetPort: "http" }])];
    routing.invalidate();
    expect(await get(await sidecarOf(false, analytics), 4)).toEqual(Array(4).fill(200));

    const text = await metrics();
    expect(metricValue(text, "istio_requests_total", { reporter: "source" })).toBe(0);
    expect(metricValue(text, "istio_requests_total", { reporter: "destination" })).toBe(4);
    expect(view.graph().edges.map((edge) => [edge.requests, edge.rule])).toEqual([
      [4, "Service round-robin"],
    ]);
  });

  it("when the app opens a Redis connection, then it counts as opened, shows as open, and as closed once it ends", async () => {
    const redis = await listen(createServer((socket) => socket.on("data", () => socket.end())));
    pods = [pod("voting-storage-1-0", { app: "voting-storage", version: "1.0" }, 6379, redis)];
    objects = [service("voting-storage", [{ name: "redis", port: 6379, targetPort: 6379 }])];
    routing.invalidate();
    const port = await sidecarOf(true, storage);
    const socket = connect(port, "127.0.0.1");
    const closed = new Promise((resolve) => socket.on("close", resolve));
    const storageLabels = { reporter: "source", destination_workload: "voting-storage-1-0" };

    await expect
      .poll(async () =>
        metricValue(await metrics(), "istio_tcp_connections_opened_total", storageLabels),
      )
      .toBe(1);
    expect(view.graph().edges.map((edge) => [edge.protocol, edge.connectionsOpen])).toEqual([
      ["tcp", 1],
    ]);
    socket.end("PING\r\n");
    await closed;
    await expect
      .poll(async () =>
        metricValue(await metrics(), "istio_tcp_connections_closed_total", storageLabels),
      )
      .toBe(1);
    expect(view.graph().edges.map((edge) => edge.connectionsOpen)).toEqual([0]);
  });
});

describe("the rule an edge shows", () => {
  const decision = {
    ok: true as const,
    service: "voting-app",
    namespace: "voting",
    host: "voting-app.voting.svc.cluster.local",
    port: 80,
    endpoints: [],
    endpoint: undefined as never,
    tlsMode: undefined,
  };
  it("names the HTTPRoute, the VirtualService and its subset, or the Service's own spread", () => {
    expect(
      ruleOf({
        ...decision,
        subset: undefined,
        virtualService: undefined,
        httpRoute: "voting/voting-app",
      }),
    ).toBe("HTTPRoute voting/voting-app");
    expect(ruleOf({ ...decision, subset: "v2-0", virtualService: "voting/voting-app" })).toBe(
      "VirtualService voting/voting-app, subset v2-0",
    );
    expect(ruleOf({ ...decision, subset: undefined, virtualService: undefined })).toBe(
      "Service round-robin",
    );
  });
});
