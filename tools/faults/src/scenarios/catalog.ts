import type { ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { analyticsOutage } from "./analytics-outage.js";
import { exactCounting } from "./counting.js";
import { escaping } from "./escaping.js";
import { hostileInput } from "./hostile.js";
import { slowClients } from "./slow-clients.js";
import { soak } from "./soak.js";
import { gracefulShutdown } from "./shutdown.js";
import { storeOutage } from "./store-outage.js";

export interface CatalogEntry {
  id: string;
  run: (scale: Scale) => Promise<ScenarioResult>;
}

/** Every scenario, in report order; the tests call the same functions at CI scale. */
export const CATALOG: readonly CatalogEntry[] = [
  { id: "counting-redis", run: (scale) => exactCounting("redis", scale) },
  { id: "counting-mysql", run: (scale) => exactCounting("mysql", scale) },
  { id: "outage-redis", run: (scale) => storeOutage("redis", scale) },
  { id: "outage-mysql", run: (scale) => storeOutage("mysql", scale) },
  { id: "outage-analytics", run: (scale) => analyticsOutage(scale) },
  { id: "shutdown-app", run: (scale) => gracefulShutdown("voting-app", scale) },
  { id: "shutdown-analytics", run: (scale) => gracefulShutdown("voting-analytics", scale) },
  { id: "hostile-redis", run: (scale) => hostileInput("redis", scale) },
  { id: "hostile-mysql", run: (scale) => hostileInput("mysql", scale) },
  { id: "escaping-redis", run: (scale) => escaping("redis", scale) },
  { id: "escaping-mysql", run: (scale) => escaping("mysql", scale) },
  { id: "slow-clients", run: (scale) => slowClients(scale) },
  { id: "soak", run: (scale) => soak(scale) },
];
