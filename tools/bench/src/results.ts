import type { LoadResult } from "./load/spec.js";
import type { Mode } from "./modes.js";
import type { Usage } from "./procs/monitor.js";
import type { Backend } from "./stack.js";

/** One measured load run: what the load process saw, and what the machine did meanwhile. */
export interface Measurement {
  load: LoadResult;
  usage: Usage;
}

/** A scenario's rounds and their medians. */
export interface ScenarioFigures {
  id: string;
  label: string;
  backend: Backend | null;
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
  backend: Backend;
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
  /** Highest VmRSS seen while any load ran against its stack. */
  peakRssMb: number;
  /** Of that peak, the part mapped from files; absent in runs saved before it was measured. */
  peakRssFilesMb?: number;
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

export interface BenchReport {
  date: string;
  mode: Mode;
  /** NODE_OPTIONS the services ran with; null when run as shipped. */
  nodeOptions: string | null;
  machine: Machine;
  settings: { connections: number; durationSec: number; rounds: number; warmupSec: number };
  stores: Record<Backend, string>;
  ceiling: ScenarioFigures;
  scenarios: ScenarioFigures[];
  growth: GrowthFigures[];
  services: ServiceFigures[];
  /**
   * The bare page's processes (bare-page.ts): the least memory the same hops take under the same
   * load. Absent in runs saved before it was measured.
   */
  references?: ServiceFigures[];
  /** The page through the playground's gateway, or why it has no figures. */
  gateway: { figures: ScenarioFigures | null; note: string | null };
  /** Anything that went wrong: a scenario with errors, a seed that did not read back. */
  problems: string[];
}
