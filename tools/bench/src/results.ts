import type { StoreKind } from "@voting/storage";
import type { LoadResult } from "./load/spec.js";
import type { Mode } from "./modes.js";
import type { Usage } from "./procs/monitor.js";

/** One measured load run: what the load process saw, and what the machine did meanwhile. */
export interface Measurement {
  load: LoadResult;
  usage: Usage;
}

/** A scenario's rounds and their medians. */
export interface ScenarioFigures {
  id: string;
  label: string;
  backend: StoreKind | null;
  rounds: Measurement[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Requests/s as a share of the ceiling's: the median of its rounds' shares, each of the ceiling
   * round measured right before it (in the growth and gateway runs, of the ceiling's median).
   */
  ratio: number;
  requests: number;
  errors: number;
  /** Median CPU of each watched process over the rounds, in cores. */
  cpu: Record<string, number>;
  otherCpu: number;
}

export interface GrowthFigures {
  backend: StoreKind;
  votes: number;
  /** How long storing the votes took. */
  seedSec: number;
  /** The two counts analytics answered right after the seed. */
  readBack: [number, number];
  analytics: ScenarioFigures;
  page: ScenarioFigures;
}

export interface ServiceFigures {
  /** "app-1.0" */
  name: string;
  /**
   * Highest private memory (Private_Clean + Private_Dirty of smaps_rollup) seen while any load ran
   * against its stack, MB; 0 when no load of the run reached it.
   */
  peakPrivateMb: number;
  /** Process start to first /readyz 200, every start timed. */
  readyMs: number[];
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  kernel: string;
}

/** A scenario measured in rounds alternating with another's, so both meet the same machine. */
export interface DirectComparison {
  /** The scenario served directly (redis.page). */
  id: string;
  /** The median of its rounds beside the other's. */
  rps: number;
  /** The median, over the rounds, of the other's req/s over this one's right before it. */
  share: number;
}

export interface BenchReport {
  date: string;
  mode: Mode;
  /** NODE_OPTIONS the services ran with; null when run as shipped. */
  nodeOptions: string | null;
  /** The scenarios a run with --only measured; null (or absent, in older files) for all. */
  only?: string[] | null;
  machine: Machine;
  settings: { connections: number; durationSec: number; rounds: number; warmupSec: number };
  stores: Record<StoreKind, string>;
  ceiling: ScenarioFigures;
  scenarios: ScenarioFigures[];
  growth: GrowthFigures[];
  services: ServiceFigures[];
  /** The bare hops' processes (bare-page.ts): the least memory the same hops take under load. */
  references: ServiceFigures[];
  /** The Redis stack with metrics that record nothing; absent from runs saved before it. */
  unmetered?: ServiceFigures[];
  /** The page through the playground's gateway, or why it has no figures. */
  gateway: {
    figures: ScenarioFigures | null;
    note: string | null;
    /** The same page served directly, in rounds alternating with the gateway's; null if not. */
    direct: DirectComparison | null;
    /** The same with voting-app scaled to one replica; absent from runs saved before it. */
    oneReplica?: DirectComparison | null;
  };
  /** Anything that went wrong: a scenario with errors, a seed that did not read back. */
  problems: string[];
}
