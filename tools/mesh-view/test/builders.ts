import type { PodInfo, RequestRecord, Workload } from "../src/index.js";

export const NAMESPACE = "voting";

/** A version of one of the voting app's workloads, as the manifests label it. */
export function workload(app: string, version: string): Workload {
  return {
    workload: `${app}-${version.replace(".", "-")}`,
    namespace: NAMESPACE,
    app,
    version,
    service: app,
  };
}

export const INGRESS: Workload = {
  workload: "aks-istio-ingressgateway-external",
  namespace: "aks-istio-ingress",
  app: "aks-istio-ingressgateway-external",
  version: "unknown",
  ingress: true,
};

export function request(
  source: Workload,
  destination: Workload,
  extra: Partial<RequestRecord> = {},
): RequestRecord {
  return { source, destination, responseCode: 200, durationMs: 3, ...extra };
}

export function pod(app: string, version: string, extra: Partial<PodInfo> = {}): PodInfo {
  return {
    name: `${app}-${version.replace(".", "-")}-5d8f7c9b4-abcde`,
    namespace: NAMESPACE,
    labels: { app, version },
    readyContainers: 2,
    containers: 2,
    phase: "Running",
    ...extra,
  };
}
