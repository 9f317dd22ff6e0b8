import type { Workload } from "./records.js";

export type Protocol = "http" | "tcp";

/** What one edge carried during the window, and the rule that decided its latest request. */
export interface EdgeTotals {
  source: Workload;
  destination: Workload;
  protocol: Protocol;
  rule: string;
  requests: number;
  /** Requests answered with a 5xx status. */
  errors: number;
  connectionsOpened: number;
  connectionsClosed: number;
  /** Connections open now, however long ago they were opened. */
  connectionsOpen: number;
}

interface Tally {
  requests: number;
  errors: number;
  opened: number;
  closed: number;
}

interface EdgeState {
  source: Workload;
  destination: Workload;
  protocol: Protocol;
  rule: string;
  open: number;
}

/**
 * Counts traffic per edge over the last `windowSeconds`, in one-second buckets: recording is a
 * map lookup and an increment, whatever the request rate, and old seconds fall off whole.
 */
export class TrafficWindow {
  private readonly buckets = new Map<number, Map<string, Tally>>();
  private readonly edges = new Map<string, EdgeState>();

  constructor(
    readonly windowSeconds = 10,
    private readonly now: () => number = Date.now,
  ) {}

  addRequest(source: Workload, destination: Workload, responseCode: number, rule: string): void {
    const tally = this.tallyOf(source, destination, "http", rule);
    tally.requests += 1;
    if (responseCode >= 500) tally.errors += 1;
  }

  addConnectionOpened(source: Workload, destination: Workload, rule: string): void {
    this.tallyOf(source, destination, "tcp", rule).opened += 1;
    this.edges.get(edgeKey(source, destination, "tcp"))!.open += 1;
  }

  addConnectionClosed(source: Workload, destination: Workload): void {
    const edge = this.edges.get(edgeKey(source, destination, "tcp"));
    if (!edge || edge.open === 0) return;
    edge.open -= 1;
    this.tallyOf(source, destination, "tcp", edge.rule).closed += 1;
  }

  /** Every edge with traffic in the window or a connection still open. */
  totals(): EdgeTotals[] {
    this.dropOldSeconds();
    const sums = new Map<string, Tally>();
    for (const second of this.buckets.values()) {
      for (const [key, tally] of second) {
        const sum = sums.get(key) ?? { requests: 0, errors: 0, opened: 0, closed: 0 };
        sum.requests += tally.requests;
        sum.errors += tally.errors;
        sum.opened += tally.opened;
        sum.closed += tally.closed;
        sums.set(key, sum);
      }
    }
    const totals: EdgeTotals[] = [];
    for (const [key, edge] of this.edges) {
      const sum = sums.get(key);
      if (!sum && edge.open === 0) {
        this.edges.delete(key); // quiet for a whole window: forget it
        continue;
      }
      totals.push({
        source: edge.source,
        destination: edge.destination,
        protocol: edge.protocol,
        rule: edge.rule,
        requests: sum?.requests ?? 0,
        errors: sum?.errors ?? 0,
        connectionsOpened: sum?.opened ?? 0,
        connectionsClosed: sum?.closed ?? 0,
        connectionsOpen: edge.open,
      });
    }
    return totals;
  }

  private tallyOf(
    source: Workload,
    destination: Workload,
    protocol: Protocol,
    rule: string,
  ): Tally {
    const key = edgeKey(source, destination, protocol);
    const edge = this.edges.get(key);
    if (edge) edge.rule = rule;
    else this.edges.set(key, { source, destination, protocol, rule, open: 0 });

    const second = Math.floor(this.now() / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) {
      this.dropOldSeconds();
      bucket = new Map();
      this.buckets.set(second, bucket);
    }
    let tally = bucket.get(key);
    if (!tally) {
      tally = { requests: 0, errors: 0, opened: 0, closed: 0 };
      bucket.set(key, tally);
    }
    return tally;
  }

  /** The window is the current second and the `windowSeconds - 1` before it. */
  private dropOldSeconds(): void {
    const oldest = Math.floor(this.now() / 1000) - this.windowSeconds + 1;
    for (const second of this.buckets.keys()) {
      if (second < oldest) this.buckets.delete(second);
    }
  }
}

function edgeKey(source: Workload, destination: Workload, protocol: Protocol): string {
  return `${nodeIdOf(source)} ${nodeIdOf(destination)} ${protocol}`;
}

/** One node per ingress workload, and one per app version (all its pods together). */
export function nodeIdOf(workload: Workload): string {
  return workload.ingress
    ? `ingress/${workload.namespace}/${workload.workload}`
    : `${workload.namespace}/${workload.app}/${workload.version}`;
}
