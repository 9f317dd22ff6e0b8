import type { StoreKind } from "@voting/storage";

export const ANALYTICS_VERSIONS = ["1.0", "1.1", "2.0"] as const;
export type AnalyticsVersion = (typeof ANALYTICS_VERSIONS)[number];

export type ResultsFormat = "counts" | "percentages";

/** What each build of voting-analytics does: the one place where a version selects behaviour. */
export const ANALYTICS_BEHAVIOUR: Record<
  AnalyticsVersion,
  { store: StoreKind; format: ResultsFormat }
> = {
  "1.0": { store: "redis", format: "counts" },
  "1.1": { store: "redis", format: "percentages" },
  "2.0": { store: "mysql", format: "percentages" },
};
