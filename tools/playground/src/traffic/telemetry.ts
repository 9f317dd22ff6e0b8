import type { Endpoint, Labels, Pod as MeshPod, RouteDecision } from "@voting/mesh";
import type { ConnectionRecord, MeshView, RequestRecord, Workload } from "@voting/mesh-view";
import type { RoutablePod } from "./routing.js";

/** What a proxy tells the live view and Istio's metrics: the two calls it makes. */
export type MeshReport = Pick<MeshView, "recordRequest" | "recordTcpOpen">;

/** Where a request went when no pod was chosen: Istio's proxies label it "unknown". */
export const UNKNOWN_WORKLOAD: Workload = {
  workload: "unknown",
  namespace: "unknown",
  app: "unknown",
  version: "unknown",
};

/** A workload as Istio labels it: the Deployment, and its pods' app and version labels. */
export function workloadOf(
  name: string,
  namespace: string,
  labels: Labels,
  service?: string,
): Workload {
  return {
    workload: name,
    namespace,
    app: labels.app ?? name,
    version: labels.version ?? "unknown",
    service,
  };
}

/** The rule that chose a request's destination, as the view names it on the edge. */
export function ruleOf(decision: RouteDecision): string {
  if (decision.httpRoute) return `HTTPRoute ${decision.httpRoute}`;
  const subset = decision.subset ? `, subset ${decision.subset}` : "";
  if (decision.virtualService) return `VirtualService ${decision.virtualService}${subset}`;
  return `Service round-robin${subset}`;
}

/** The local answers a proxy gives itself, with Envoy's response flag and the view's rule. */
export const LOCAL_REPLIES = {
  /** No route matches: 404, NR. */
  noRoute: { flags: "NR", rule: "no route matched" },
  /** The route leads to no ready pod: 503, UH. */
  noHealthyUpstream: { flags: "UH", rule: "no healthy upstream" },
  /** The chosen pod cannot be reached (no such port, mutual TLS refused): 503, UF. */
  connectFailure: { flags: "UF", rule: "upstream connect failure" },
} as const;
export type LocalReply = (typeof LOCAL_REPLIES)[keyof typeof LOCAL_REPLIES];

export interface ProxyReport {
  /** A request sent on to `endpoint`, answered with `status` after `durationMs`. */
  forwarded(decision: RouteDecision, endpoint: Endpoint, status: number, durationMs: number): void;
  /** A request the proxy answered itself; the destination is known when a pod was chosen. */
  replied(
    status: number,
    reply: LocalReply,
    durationMs: number,
    to?: { decision: RouteDecision; endpoint: Endpoint },
  ): void;
  /** A TCP connection piped to `endpoint`; the function returned is called once it closes. */
  connected(decision: RouteDecision, endpoint: Endpoint): () => void;
}

/**
 * One proxy's reports, as Istio's proxies make them: each request by the proxy that sent it
 * (reporter "source") and again by the destination pod's sidecar, when it has one (reporter
 * "destination"); here one proxy makes both, since it knows both ends. A proxy that is not there
 * (a pod without a sidecar) still reports, so the view draws the call, but with `proxied: false`,
 * outside Istio's metrics.
 */
export function createProxyReport(
  report: MeshReport,
  source: Workload,
  proxied: boolean,
): ProxyReport {
  const destinations = new WeakMap<MeshPod, Workload>();
  // One Workload per pod and Service, made once: the labels do not change during a pod's life.
  const destinationOf = (decision: RouteDecision, endpoint: Endpoint): Workload => {
    const pod = endpoint.pod;
    let known = destinations.get(pod);
    if (known?.service !== decision.service) {
      known = workloadOf(pod.deployment ?? pod.name, pod.namespace, pod.labels, decision.service);
      destinations.set(pod, known);
    }
    return known;
  };
  return {
    forwarded(decision, endpoint, status, durationMs) {
      const request: RequestRecord = {
        source,
        destination: destinationOf(decision, endpoint),
        responseCode: status,
        durationMs,
        rule: ruleOf(decision),
        proxied,
      };
      report.recordRequest(request);
      if (hasSidecar(endpoint.pod)) {
        report.recordRequest({ ...request, reporter: "destination", proxied: true });
      }
    },
    replied(status, reply, durationMs, to) {
      report.recordRequest({
        source,
        destination: to ? destinationOf(to.decision, to.endpoint) : UNKNOWN_WORKLOAD,
        responseCode: status,
        durationMs,
        rule: reply.rule,
        responseFlags: reply.flags,
        proxied,
      });
    },
    connected(decision, endpoint) {
      const connection: ConnectionRecord = {
        source,
        destination: destinationOf(decision, endpoint),
        rule: ruleOf(decision),
        proxied,
      };
      const closed = report.recordTcpOpen(connection);
      if (!hasSidecar(endpoint.pod)) return closed;
      const closedThere = report.recordTcpOpen({
        ...connection,
        reporter: "destination",
        proxied: true,
      });
      return () => {
        closed();
        closedThere();
      };
    },
  };
}

/** Whether the pod a request landed on has a sidecar of its own to report it too. */
function hasSidecar(pod: MeshPod): boolean {
  return (pod as Partial<RoutablePod>).sidecar === true;
}
