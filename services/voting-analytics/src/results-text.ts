import type { ResultsFormat } from "./versions.js";

export interface Tally {
  name: string;
  count: number;
}

/** A whole percentage, rounded half up; 0 when nothing has been voted yet. */
export function percentOf(count: number, total: number): number {
  if (total === 0) return 0;
  // Integer arithmetic: floor(count * 100 / total + 0.5) without floating-point drift.
  return Math.floor((200 * count + total) / (2 * total));
}

/** `Cats: 2 | Dogs: 4` (1.0) or `Cats: 2/6 (33%) | Dogs: 4/6 (67%)` (1.1 and 2.0). */
export function resultsText(tallies: readonly Tally[], format: ResultsFormat): string {
  const total = tallies.reduce((sum, tally) => sum + tally.count, 0);
  return tallies
    .map(({ name, count }) =>
      format === "counts"
        ? `${name}: ${count}`
        : `${name}: ${count}/${total} (${percentOf(count, total)}%)`,
    )
    .join(" | ");
}
