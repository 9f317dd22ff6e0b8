import { buildGraph, VOTING_TIERS, type MeshGraph } from "./graph.js";
import { createIstioMetrics, type IstioMetrics } from "./istio-metrics.js";
import type { ConnectionRecord, PodInfo, RequestRecord } from "./records.js";
import { TrafficWindow } from "./traffic-window.js";

export interface MeshViewOptions {
  /** How far back the graph looks, in seconds. */
  windowSeconds?: number;
  /** The apps from left to right after the ingress. */
  tiers?: readonly string[];
  /** The clock, in milliseconds; tests pass their own. */
  now?: () => number;
}

/** What the mesh's proxies report, kept twice: as Istio's metrics and as a graph of the last seconds. */
export interface MeshView {
  readonly metrics: IstioMetrics;
  readonly windowSeconds: number;
  /** Records one request; the graph counts the source report only, so each request is drawn once. */
  recordRequest(request: RequestRecord): void;
  /** Records a TCP connection opened; call the function it returns when the connection closes. */
  recordTcpOpen(connection: ConnectionRecord): () => void;
  /** Replaces the pods the view shows (their labels decide which version node they count for). */
  setPods(pods: PodInfo[]): void;
  graph(): MeshGraph;
}

export function createMeshView(options: MeshViewOptions = {}): MeshView {
  const now = options.now ?? Date.now;
  const tiers = options.tiers ?? VOTING_TIERS;
  const window = new TrafficWindow(options.windowSeconds ?? 10, now);
  const metrics = createIstioMetrics();
  let pods: PodInfo[] = [];

  return {
    metrics,
    windowSeconds: window.windowSeconds,
    recordRequest(request) {
      metrics.recordRequest(request);
      if ((request.reporter ?? "source") !== "source") return;
      const rule = request.rule ?? "unknown";
      window.addRequest(request.source, request.destination, request.responseCode, rule);
    },
    recordTcpOpen(connection) {
      metrics.recordConnectionOpened(connection);
      const drawn = (connection.reporter ?? "source") === "source";
      if (drawn) {
        window.addConnectionOpened(
          connection.source,
          connection.destination,
          connection.rule ?? "unknown",
        );
      }
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        metrics.recordConnectionClosed(connection);
        if (drawn) window.addConnectionClosed(connection.source, connection.destination);
      };
    },
    setPods(next) {
      pods = [...next];
    },
    graph() {
      return buildGraph(window.totals(), pods, {
        windowSeconds: window.windowSeconds,
        tiers,
        now: new Date(now()),
      });
    },
  };
}
