import type { Exchange } from "../net/http-client.js";

export interface Window {
  name: string;
  from: number;
  to: number;
}

export function latency(exchange: Exchange): number {
  return exchange.end - exchange.start;
}

/** Exchanges that started inside the window. */
export function startedIn(exchanges: readonly Exchange[], window: Window): Exchange[] {
  return exchanges.filter((e) => e.start >= window.from && e.start < window.to);
}

export function maxLatency(exchanges: readonly Exchange[]): number {
  return exchanges.reduce((max, e) => Math.max(max, latency(e)), 0);
}

/** "302 x120, 503 x14, ECONNRESET x1": what a set of exchanges came to. */
export function outcomeCounts(exchanges: readonly Exchange[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of exchanges) {
    const key = e.status === null ? (e.error ?? "no answer") : String(e.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function describeCounts(counts: Map<string, number>): string {
  return [...counts].map(([key, n]) => `${key} x${n}`).join(", ") || "none";
}

/** Exchanges whose outcome is not in `allowed` (statuses as numbers, errors as codes). */
export function unexpected(
  exchanges: readonly Exchange[],
  allowed: readonly (number | string)[],
): Exchange[] {
  return exchanges.filter((e) => !allowed.includes(e.status ?? e.error ?? "no answer"));
}

export function round(ms: number): number {
  return Math.round(ms);
}

/** The value below which a fraction `p` of the values fall (0.99: the 99th percentile). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Exchanges that were under way at some point inside the window. */
export function overlapping(exchanges: readonly Exchange[], window: Window): Exchange[] {
  return exchanges.filter((e) => e.start < window.to && e.end > window.from);
}

/** "1.2 s" */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
