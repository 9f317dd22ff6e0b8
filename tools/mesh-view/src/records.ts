/** A workload as Istio's labels name it: the Deployment, its namespace and its app/version labels. */
export interface Workload {
  /** The workload's name, e.g. the Deployment "voting-analytics-1-1". */
  workload: string;
  namespace: string;
  /** The pods' `app` label. */
  app: string;
  /** The pods' `version` label. */
  version: string;
  /** The Kubernetes Service the request was addressed to, when it went to one. */
  service?: string;
  /** The ingress gateway (or the load balancer before the mesh): drawn first, left of all. */
  ingress?: boolean;
}

export type Reporter = "source" | "destination";

/** One HTTP request as a proxy saw it. */
export interface RequestRecord {
  /**
   * Which proxy reports: "source" (the ingress or the caller's sidecar) or "destination" (the
   * callee's sidecar). Istio counts a request once per reporter; the graph counts only the
   * source report, so each request is drawn once.
   */
  reporter?: Reporter;
  source: Workload;
  destination: Workload;
  /** The HTTP status the caller got. */
  responseCode: number;
  durationMs: number;
  /** The routing rule that chose the destination, e.g. "VirtualService voting-analytics, route 0, subset v1-1". */
  rule?: string;
  /** Envoy's response flags, "-" when none (e.g. "UF" upstream failure, "UT" upstream timeout). */
  responseFlags?: string;
  /** Whether an Istio proxy handled it; without the mesh, requests are drawn but not counted in Istio's metrics. */
  proxied?: boolean;
  connectionSecurityPolicy?: "mutual_tls" | "none" | "unknown";
}

/** One TCP connection (Redis, MySQL) as a proxy saw it open. */
export interface ConnectionRecord {
  reporter?: Reporter;
  source: Workload;
  destination: Workload;
  rule?: string;
  proxied?: boolean;
  connectionSecurityPolicy?: "mutual_tls" | "none" | "unknown";
}

/** A pod as `kubectl get pods --show-labels` shows it. */
export interface PodInfo {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Containers ready, out of `containers` (the READY column, x/y). */
  readyContainers: number;
  containers: number;
  /** Pending, Running, Succeeded, Failed or Unknown. */
  phase: string;
  /** The STATUS column of `kubectl get pods` (CrashLoopBackOff, Terminating, ...), when known. */
  status?: string;
}
