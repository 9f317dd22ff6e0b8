import type { ResourceType } from "./kinds.js";
import type { ApiObject } from "./objects.js";

// `kubectl get` asks for a Table: the server decides the columns, as a cluster does per kind
// (additionalPrinterColumns for the Istio and Gateway API kinds). Priority 1 columns show with -o wide.

type Plain = Record<string, unknown>;
interface Column {
  readonly name: string;
  readonly priority?: number;
  readonly cell: (object: ApiObject) => string | number;
}

const plain = (value: unknown) => (value ?? {}) as Plain;
const list = (value: unknown) => (Array.isArray(value) ? (value as Plain[]) : []);
const spec = (object: ApiObject) => plain(object.spec);
const status = (object: ApiObject) => plain(object.status);
const none = (text: string) => text || "<none>";
const selector = (labels: unknown) =>
  none(
    Object.entries(plain(labels))
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(","),
  );

/** kubectl's short ages: `45s`, `3m20s`, `17m`, `5h12m`, `3d`. */
export function age(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

const podColumns: Column[] = [
  {
    name: "Ready",
    cell: (pod) => {
      const statuses = list(status(pod).containerStatuses);
      return `${statuses.filter((entry) => entry.ready === true).length}/${statuses.length}`;
    },
  },
  {
    name: "Status",
    cell: (pod) => {
      if (pod.metadata.deletionTimestamp) return "Terminating";
      const waiting = list(status(pod).containerStatuses)
        .map((entry) => plain(plain(entry.state).waiting).reason)
        .find(Boolean);
      return String(waiting ?? status(pod).phase);
    },
  },
  {
    name: "Restarts",
    cell: (pod) => Number(list(status(pod).containerStatuses)[0]?.restartCount ?? 0),
  },
  // Where the pod answers on this machine (or which store stands in for it).
  {
    name: "IP",
    priority: 1,
    cell: (pod) => none(String(plain(pod.metadata.annotations)["playground.local/address"] ?? "")),
  },
  { name: "Node", priority: 1, cell: (pod) => String(spec(pod).nodeName ?? "<none>") },
  { name: "Nominated Node", priority: 1, cell: () => "<none>" },
  { name: "Readiness Gates", priority: 1, cell: () => "<none>" },
];

const deploymentColumns: Column[] = [
  {
    name: "Ready",
    cell: (d) => `${Number(status(d).readyReplicas ?? 0)}/${Number(spec(d).replicas ?? 1)}`,
  },
  { name: "Up-to-date", cell: (d) => Number(status(d).updatedReplicas ?? 0) },
  { name: "Available", cell: (d) => Number(status(d).availableReplicas ?? 0) },
  {
    name: "Containers",
    priority: 1,
    cell: (d) =>
      list(plain(plain(spec(d).template).spec).containers)
        .map((c) => c.name)
        .join(","),
  },
  {
    name: "Images",
    priority: 1,
    cell: (d) =>
      list(plain(plain(spec(d).template).spec).containers)
        .map((c) => c.image)
        .join(","),
  },
  { name: "Selector", priority: 1, cell: (d) => selector(plain(spec(d).selector).matchLabels) },
];

const serviceColumns: Column[] = [
  { name: "Type", cell: (s) => String(spec(s).type ?? "ClusterIP") },
  // No cluster IPs on one machine: a Service is reached through the pods' sidecars.
  { name: "Cluster-IP", cell: () => "<none>" },
  {
    name: "External-IP",
    cell: (s) =>
      none(
        list(plain(status(s).loadBalancer).ingress)
          .map((entry) => String(entry.ip ?? entry.hostname))
          .join(","),
      ),
  },
  {
    name: "Port(s)",
    cell: (s) =>
      none(
        list(spec(s).ports)
          .map((port) => `${String(port.port)}/${String(port.protocol ?? "TCP")}`)
          .join(","),
      ),
  },
  { name: "Selector", priority: 1, cell: (s) => selector(spec(s).selector) },
];

const COLUMNS: Record<string, Column[]> = {
  Pod: podColumns,
  Deployment: deploymentColumns,
  Service: serviceColumns,
  Namespace: [{ name: "Status", cell: (ns) => String(status(ns).phase ?? "Active") }],
  Secret: [
    { name: "Type", cell: (s) => String(s.type ?? "Opaque") },
    {
      name: "Data",
      cell: (s) =>
        new Set([...Object.keys(plain(s.data)), ...Object.keys(plain(s.stringData))]).size,
    },
  ],
  ConfigMap: [{ name: "Data", cell: (c) => Object.keys(plain(c.data)).length }],
  ServiceAccount: [{ name: "Secrets", cell: (s) => list(s.secrets).length }],
  PersistentVolumeClaim: [
    { name: "Status", cell: (c) => String(status(c).phase ?? "Pending") },
    { name: "Volume", cell: (c) => `pvc-${String(c.metadata.uid).slice(0, 8)}` },
    {
      name: "Capacity",
      cell: (c) => String(plain(plain(spec(c).resources).requests).storage ?? ""),
    },
    {
      name: "Access Modes",
      cell: (c) =>
        (spec(c).accessModes as string[] | undefined)?.join(",") === "ReadWriteOnce"
          ? "RWO"
          : String(spec(c).accessModes ?? ""),
    },
    { name: "StorageClass", cell: (c) => String(spec(c).storageClassName ?? "default") },
  ],
  VirtualService: [
    { name: "Gateways", cell: (v) => JSON.stringify(spec(v).gateways ?? []) },
    { name: "Hosts", cell: (v) => JSON.stringify(spec(v).hosts ?? []) },
  ],
  DestinationRule: [{ name: "Host", cell: (d) => String(spec(d).host ?? "") }],
  PeerAuthentication: [{ name: "Mode", cell: (p) => String(plain(spec(p).mtls).mode ?? "") }],
  HTTPRoute: [
    {
      name: "Hostnames",
      cell: (r) => (list(spec(r).hostnames).length ? JSON.stringify(spec(r).hostnames) : ""),
    },
  ],
  "Gateway.gateway.networking.k8s.io": [
    { name: "Class", cell: (g) => String(spec(g).gatewayClassName ?? "") },
    { name: "Address", cell: (g) => String(list(status(g).addresses)[0]?.value ?? "") },
    { name: "Programmed", cell: () => "True" },
  ],
  Event: [
    { name: "Type", cell: (e) => String(e.type ?? "Normal") },
    { name: "Reason", cell: (e) => String(e.reason ?? "") },
    {
      name: "Object",
      cell: (e) =>
        `${String(plain(e.involvedObject).kind).toLowerCase()}/${String(plain(e.involvedObject).name)}`,
    },
    { name: "Message", cell: (e) => String(e.message ?? "") },
  ],
};

/** The objects as a `meta.k8s.io/v1` Table, each row carrying its object (for --show-labels, -L). */
export function toTable(
  type: ResourceType,
  objects: readonly ApiObject[],
  now: number,
  resourceVersion: string,
) {
  const columns =
    COLUMNS[
      type.group === "gateway.networking.k8s.io" ? `${type.kind}.${type.group}` : type.kind
    ] ?? [];
  const ageOf = (object: ApiObject) => {
    const created = Date.parse(String(object.metadata.creationTimestamp ?? ""));
    return Number.isNaN(created) ? "<unknown>" : age(now - created);
  };
  const all: Column[] = [
    { name: "Name", cell: (object) => String(object.metadata.name) },
    ...columns.filter((column) => !column.priority),
    { name: "Age", cell: ageOf },
    ...columns.filter((column) => column.priority),
  ];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: all.map((column) => ({
      name: column.name,
      type: column.name === "Restarts" ? "integer" : "string",
      format: column.name === "Name" ? "name" : "",
      description: "",
      priority: column.priority ?? 0,
    })),
    rows: objects.map((object) => ({ cells: all.map((column) => column.cell(object)), object })),
  };
}
