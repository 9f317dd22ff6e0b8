import { Counter, Histogram, Registry } from "prom-client";
import type { ConnectionRecord, RequestRecord, Workload } from "./records.js";

// Istio's standard labels, named as its proxies name them, so dashboards written for Istio work.
const PEER_LABELS = [
  "reporter",
  "source_workload",
  "source_workload_namespace",
  "source_principal",
  "source_app",
  "source_version",
  "source_canonical_service",
  "source_canonical_revision",
  "source_cluster",
  "destination_workload",
  "destination_workload_namespace",
  "destination_principal",
  "destination_app",
  "destination_version",
  "destination_canonical_service",
  "destination_canonical_revision",
  "destination_service",
  "destination_service_name",
  "destination_service_namespace",
  "destination_cluster",
  "request_protocol",
  "response_flags",
  "connection_security_policy",
] as const;
const REQUEST_LABELS = [...PEER_LABELS, "response_code", "grpc_response_status"] as const;

type PeerLabels = Record<(typeof PEER_LABELS)[number], string>;
type RequestLabels = Record<(typeof REQUEST_LABELS)[number], string>;

/** Envoy's default histogram buckets, which Istio's duration metric uses. */
export const ISTIO_DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
  1800000, 3600000,
];

// Istio's default cluster id when none is configured.
const CLUSTER = "Kubernetes";

export interface IstioMetrics {
  readonly registry: Registry;
  recordRequest(request: RequestRecord): void;
  recordConnectionOpened(connection: ConnectionRecord): void;
  recordConnectionClosed(connection: ConnectionRecord): void;
}

export function createIstioMetrics(registry = new Registry()): IstioMetrics {
  const requests = new Counter({
    name: "istio_requests_total",
    help: "Requests handled by an Istio proxy.",
    labelNames: REQUEST_LABELS,
    registers: [registry],
  });
  const durations = new Histogram({
    name: "istio_request_duration_milliseconds",
    help: "Duration of requests handled by an Istio proxy, in milliseconds.",
    labelNames: REQUEST_LABELS,
    buckets: ISTIO_DURATION_BUCKETS_MS,
    registers: [registry],
  });
  const opened = new Counter({
    name: "istio_tcp_connections_opened_total",
    help: "TCP connections opened through an Istio proxy.",
    labelNames: PEER_LABELS,
    registers: [registry],
  });
  const closed = new Counter({
    name: "istio_tcp_connections_closed_total",
    help: "TCP connections closed through an Istio proxy.",
    labelNames: PEER_LABELS,
    registers: [registry],
  });

  // Building Istio's 25 labels is most of a record's cost, so each distinct set is built once.
  const requestLabels = new Map<string, RequestLabels>();
  const connectionLabels = new Map<string, PeerLabels>();

  return {
    registry,
    recordRequest(request) {
      if (request.proxied === false) return;
      const key = seriesKey(request, `${request.responseCode} ${request.responseFlags ?? "-"}`);
      let labels = requestLabels.get(key);
      if (!labels) {
        labels = {
          ...peerLabels(request, "http", request.responseFlags ?? "-"),
          response_code: String(request.responseCode),
          grpc_response_status: "",
        };
        requestLabels.set(key, labels);
      }
      requests.inc(labels);
      durations.observe(labels, request.durationMs);
    },
    recordConnectionOpened(connection) {
      if (connection.proxied !== false) opened.inc(labelsOfConnection(connection));
    },
    recordConnectionClosed(connection) {
      if (connection.proxied !== false) closed.inc(labelsOfConnection(connection));
    },
  };

  function labelsOfConnection(connection: ConnectionRecord): PeerLabels {
    const key = seriesKey(connection, "tcp");
    let labels = connectionLabels.get(key);
    if (!labels) {
      labels = peerLabels(connection, "tcp", "-");
      connectionLabels.set(key, labels);
    }
    return labels;
  }
}

/** Everything a record's labels are made of, as one string. */
function seriesKey(record: RequestRecord | ConnectionRecord, outcome: string): string {
  const { source: s, destination: d } = record;
  return [
    record.reporter,
    record.connectionSecurityPolicy,
    s.workload,
    s.namespace,
    s.app,
    s.version,
    d.workload,
    d.namespace,
    d.app,
    d.version,
    d.service,
    outcome,
  ].join("|");
}

function peerLabels(
  record: RequestRecord | ConnectionRecord,
  protocol: string,
  responseFlags: string,
): PeerLabels {
  const service = serviceOf(record.destination);
  return {
    reporter: record.reporter ?? "source",
    ...workloadLabels("source", record.source),
    ...workloadLabels("destination", record.destination),
    destination_service: service.host,
    destination_service_name: service.name,
    destination_service_namespace: service.namespace,
    request_protocol: protocol,
    response_flags: responseFlags,
    connection_security_policy: record.connectionSecurityPolicy ?? "unknown",
  } as PeerLabels;
}

function workloadLabels(
  side: "source" | "destination",
  workload: Workload,
): Record<string, string> {
  // The canonical service and revision default to the app and version labels, as in Istio.
  return {
    [`${side}_workload`]: workload.workload,
    [`${side}_workload_namespace`]: workload.namespace,
    [`${side}_principal`]: "unknown",
    [`${side}_app`]: workload.app,
    [`${side}_version`]: workload.version,
    [`${side}_canonical_service`]: workload.app,
    [`${side}_canonical_revision`]: workload.version,
    [`${side}_cluster`]: CLUSTER,
  };
}

/** The Service a request was addressed to, as Istio names it: the host, and its name and namespace. */
function serviceOf(destination: Workload): { host: string; name: string; namespace: string } {
  if (!destination.service) return { host: "unknown", name: "unknown", namespace: "unknown" };
  const { service: name, namespace } = destination;
  return { host: `${name}.${namespace}.svc.cluster.local`, name, namespace };
}
