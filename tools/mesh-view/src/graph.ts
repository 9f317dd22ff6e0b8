import type { PodInfo, Workload } from "./records.js";
import { nodeIdOf, type EdgeTotals, type Protocol } from "./traffic-window.js";

export interface GraphNode {
  id: string;
  /** "voting-app 1.0", or the ingress workload's name. */
  label: string;
  kind: "ingress" | "workload";
  app: string;
  version: string;
  namespace: string;
  /** Where the page draws it: ingress in column 0, then one column per tier, left to right. */
  column: number;
  row: number;
  /** Pods of this version that are Running with every container ready, out of all of them. */
  pods: { ready: number; total: number };
  /** Whether any edge in the window touches it. */
  active: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  protocol: Protocol;
  /** Requests per second over the window (HTTP). */
  rps: number;
  /** The share of the edge's requests answered with a 5xx, 0..1. */
  errorRate: number;
  /** The edge's share of what its source sent to the same app, 0..1. */
  share: number;
  /** The routing rule that decided the edge's latest request. */
  rule: string;
  requests: number;
  errors: number;
  /** TCP connections open now, and opened per second over the window. */
  connectionsOpen: number;
  connectionsPerSecond: number;
}

export interface MeshGraph {
  windowSeconds: number;
  generatedAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  pods: PodInfo[];
}

export interface GraphOptions {
  windowSeconds: number;
  /** The apps from left to right after the ingress; other apps come after them. */
  tiers: readonly string[];
  now: Date;
}

export const VOTING_TIERS = ["voting-app", "voting-analytics", "voting-storage"] as const;

/** The picture of the mesh: who called whom in the window, and every pod's version. */
export function buildGraph(
  totals: EdgeTotals[],
  pods: PodInfo[],
  options: GraphOptions,
): MeshGraph {
  const nodes = new Map<string, GraphNode>();
  const nodeFor = (workload: Workload) => {
    const id = nodeIdOf(workload);
    let node = nodes.get(id);
    if (!node) {
      node = newNode(id, workload, options.tiers);
      nodes.set(id, node);
    }
    return node;
  };

  for (const pod of pods) {
    const { app, version } = pod.labels;
    if (!app || !version) continue;
    const node = nodeFor({ workload: app, namespace: pod.namespace, app, version });
    node.pods.total += 1;
    if (isPodReady(pod)) node.pods.ready += 1;
  }

  const edges = totals.map((edge): GraphEdge => {
    const source = nodeFor(edge.source);
    const target = nodeFor(edge.destination);
    source.active = target.active = true;
    return {
      id: `${source.id}->${target.id}:${edge.protocol}`,
      source: source.id,
      target: target.id,
      protocol: edge.protocol,
      rps: edge.requests / options.windowSeconds,
      errorRate: edge.requests === 0 ? 0 : edge.errors / edge.requests,
      share: 0,
      rule: edge.rule,
      requests: edge.requests,
      errors: edge.errors,
      connectionsOpen: edge.connectionsOpen,
      connectionsPerSecond: edge.connectionsOpened / options.windowSeconds,
    };
  });
  fillShares(edges, totals);

  const ordered = placeNodes([...nodes.values()]);
  const position = new Map(ordered.map((node) => [node.id, node]));
  edges.sort(
    (a, b) =>
      compareNodes(position.get(a.source)!, position.get(b.source)!) ||
      compareNodes(position.get(a.target)!, position.get(b.target)!),
  );
  return {
    windowSeconds: options.windowSeconds,
    generatedAt: options.now.toISOString(),
    nodes: ordered,
    edges,
    pods: [...pods].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function newNode(id: string, workload: Workload, tiers: readonly string[]): GraphNode {
  const tier = tiers.indexOf(workload.app);
  return {
    id,
    label: workload.ingress ? workload.workload : `${workload.app} ${workload.version}`,
    kind: workload.ingress ? "ingress" : "workload",
    app: workload.app,
    version: workload.version,
    namespace: workload.namespace,
    column: workload.ingress ? 0 : tier >= 0 ? tier + 1 : tiers.length + 1,
    row: 0,
    pods: { ready: 0, total: 0 },
    active: false,
  };
}

export function isPodReady(pod: PodInfo): boolean {
  return pod.phase === "Running" && pod.containers > 0 && pod.readyContainers === pod.containers;
}

/**
 * An edge's share of what its source sent to the same app: the canary split ("50% to 1.0, 50% to
 * 1.1"). HTTP edges share by requests; TCP edges by the connections they held in the window.
 */
function fillShares(edges: GraphEdge[], totals: EdgeTotals[]): void {
  const weights = totals.map((edge) =>
    edge.protocol === "http" ? edge.requests : edge.connectionsOpen + edge.connectionsClosed,
  );
  const groupOf = (index: number) =>
    `${edges[index]!.source} ${totals[index]!.destination.app} ${edges[index]!.protocol}`;
  const groupTotals = new Map<string, number>();
  weights.forEach((weight, index) => {
    groupTotals.set(groupOf(index), (groupTotals.get(groupOf(index)) ?? 0) + weight);
  });
  edges.forEach((edge, index) => {
    const total = groupTotals.get(groupOf(index)) ?? 0;
    edge.share = total === 0 ? 0 : weights[index]! / total;
  });
}

/** Columns by tier; within a column, by app and then version, numbers compared as numbers. */
function placeNodes(nodes: GraphNode[]): GraphNode[] {
  nodes.sort(compareNodeNames);
  const rows = new Map<number, number>();
  for (const node of nodes) {
    node.row = rows.get(node.column) ?? 0;
    rows.set(node.column, node.row + 1);
  }
  return nodes.sort(compareNodes);
}

function compareNodeNames(a: GraphNode, b: GraphNode): number {
  return (
    a.column - b.column ||
    a.label.localeCompare(b.label, "en", { numeric: true }) ||
    a.id.localeCompare(b.id)
  );
}

function compareNodes(a: GraphNode, b: GraphNode): number {
  return a.column - b.column || a.row - b.row;
}
