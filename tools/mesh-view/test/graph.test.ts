import { describe, expect, it } from "vitest";
import { createMeshView, type MeshGraph } from "../src/index.js";
import { INGRESS, pod, request, workload } from "./builders.js";

const APP = workload("voting-app", "1.0");
const ANALYTICS_1_0 = workload("voting-analytics", "1.0");
const ANALYTICS_1_1 = workload("voting-analytics", "1.1");
const STORAGE = workload("voting-storage", "1.0");

/** A view on a clock the test moves by hand. */
function viewAt(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
  let now = startMs;
  const view = createMeshView({ windowSeconds: 10, now: () => now });
  return { view, advance: (ms: number) => void (now += ms) };
}

function edge(graph: MeshGraph, source: string, target: string) {
  return graph.edges.find((e) => e.source === source && e.target === target);
}

const APP_ID = "voting/voting-app/1.0";
const A10 = "voting/voting-analytics/1.0";
const A11 = "voting/voting-analytics/1.1";

describe("the graph of the last seconds", () => {
  it("when app 1.0 calls analytics 1.0 and 1.1 in turn, then each edge has its rate, share and rule", () => {
    const { view } = viewAt();
    for (let i = 0; i < 30; i++) {
      view.recordRequest(request(INGRESS, APP, { rule: "Gateway voting-app" }));
      const analytics = i % 3 === 0 ? ANALYTICS_1_1 : ANALYTICS_1_0;
      view.recordRequest(request(APP, analytics, { rule: "Service round-robin" }));
    }

    const graph = view.graph();
    expect(graph.windowSeconds).toBe(10);
    expect(
      edge(graph, "ingress/aks-istio-ingress/aks-istio-ingressgateway-external", APP_ID),
    ).toMatchObject({ requests: 30, rps: 3, share: 1, errorRate: 0, rule: "Gateway voting-app" });
    expect(edge(graph, APP_ID, A10)).toMatchObject({
      requests: 20,
      rps: 2,
      rule: "Service round-robin",
    });
    expect(edge(graph, APP_ID, A10)!.share).toBeCloseTo(2 / 3);
    expect(edge(graph, APP_ID, A11)).toMatchObject({ requests: 10, rps: 1 });
    expect(edge(graph, APP_ID, A11)!.share).toBeCloseTo(1 / 3);
  });

  it("when a share is computed, then it is out of what the source sent to the same app only", () => {
    const { view } = viewAt();
    view.recordRequest(request(APP, ANALYTICS_1_1));
    view.recordTcpOpen({ source: APP, destination: STORAGE });
    const graph = view.graph();
    expect(edge(graph, APP_ID, A11)!.share).toBe(1);
    expect(edge(graph, APP_ID, "voting/voting-storage/1.0")).toMatchObject({
      protocol: "tcp",
      share: 1,
      connectionsOpen: 1,
      connectionsPerSecond: 0.1,
    });
  });

  it("when some answers are 5xx, then the error rate is their share of the edge", () => {
    const { view } = viewAt();
    view.recordRequest(request(APP, ANALYTICS_1_1, { responseCode: 503 }));
    view.recordRequest(request(APP, ANALYTICS_1_1, { responseCode: 500 }));
    view.recordRequest(request(APP, ANALYTICS_1_1, { responseCode: 404 }));
    view.recordRequest(request(APP, ANALYTICS_1_1));
    expect(edge(view.graph(), APP_ID, A11)).toMatchObject({
      requests: 4,
      errors: 2,
      errorRate: 0.5,
    });
  });

  it("when the window slides past old traffic, then only the new edges remain", () => {
    const { view, advance } = viewAt();
    view.recordRequest(request(APP, ANALYTICS_1_0, { rule: "Service round-robin" }));
    view.recordRequest(request(APP, ANALYTICS_1_1, { rule: "Service round-robin" }));
    advance(5_000);
    view.recordRequest(
      request(APP, ANALYTICS_1_1, {
        rule: "VirtualService voting-analytics, route 0, subset v1-1",
      }),
    );
    expect(view.graph().edges.map((e) => e.target)).toEqual([A10, A11]);

    advance(5_000); // the first second is now 10 s old: out of the window
    const graph = view.graph();
    expect(graph.edges.map((e) => e.target)).toEqual([A11]);
    expect(edge(graph, APP_ID, A11)).toMatchObject({
      requests: 1,
      share: 1,
      rule: "VirtualService voting-analytics, route 0, subset v1-1",
    });

    advance(10_000);
    expect(view.graph().edges).toEqual([]);
  });

  it("when a TCP connection stays open, then its edge stays after its opening leaves the window", () => {
    const { view, advance } = viewAt();
    const close = view.recordTcpOpen({
      source: APP,
      destination: STORAGE,
      rule: "Service round-robin",
    });
    advance(30_000);
    expect(view.graph().edges).toMatchObject([
      { protocol: "tcp", connectionsOpen: 1, connectionsPerSecond: 0 },
    ]);
    close();
    expect(view.graph().edges).toMatchObject([{ connectionsOpen: 0 }]);
    advance(10_000);
    expect(view.graph().edges).toEqual([]);
  });

  it("when only the destination reports a request, then the graph does not count it twice", () => {
    const { view } = viewAt();
    view.recordRequest(request(APP, ANALYTICS_1_1));
    view.recordRequest(request(APP, ANALYTICS_1_1, { reporter: "destination" }));
    expect(edge(view.graph(), APP_ID, A11)!.requests).toBe(1);
  });

  it("when pods are set, then every version is a node in its tier's column with its readiness", () => {
    const { view } = viewAt();
    view.setPods([
      pod("voting-storage", "1.0"),
      pod("voting-analytics", "2.0"),
      pod("voting-analytics", "1.1", { readyContainers: 1 }),
      pod("voting-analytics", "1.0"),
      pod("voting-analytics", "1.0", { name: "voting-analytics-1-0-second" }),
      pod("voting-app", "1.0", { phase: "Pending", readyContainers: 0 }),
      { ...pod("busybox", "1"), labels: { run: "busybox" } },
    ]);
    view.recordRequest(request(INGRESS, APP));

    const graph = view.graph();
    expect(graph.nodes.map((n) => [n.label, n.column, n.row, n.active])).toEqual([
      ["aks-istio-ingressgateway-external", 0, 0, true],
      ["voting-app 1.0", 1, 0, true],
      ["voting-analytics 1.0", 2, 0, false],
      ["voting-analytics 1.1", 2, 1, false],
      ["voting-analytics 2.0", 2, 2, false],
      ["voting-storage 1.0", 3, 0, false],
    ]);
    const pods = Object.fromEntries(graph.nodes.map((n) => [n.label, n.pods]));
    expect(pods["voting-analytics 1.0"]).toEqual({ ready: 2, total: 2 });
    expect(pods["voting-analytics 1.1"]).toEqual({ ready: 0, total: 1 });
    expect(pods["voting-app 1.0"]).toEqual({ ready: 0, total: 1 });
    expect(graph.pods.map((p) => p.name)).toContain("busybox-1-5d8f7c9b4-abcde");
    expect(graph.generatedAt).toBe("2026-01-01T12:00:00.000Z");
  });
});
