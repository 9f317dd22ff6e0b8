export type Mode = "quick" | "full";

export interface ModeSettings {
  mode: Mode;
  /** Concurrent connections of every load run (each sends its next request when answered). */
  connections: number;
  /** Unmeasured load before a scenario's rounds, so the JIT and the pools are warm; 0 for none. */
  warmupSec: number;
  durationSec: number;
  /** Each scenario runs this many times, interleaved with the others; figures are medians. */
  rounds: number;
  /** Stored votes before each growth step. */
  growthSizes: readonly number[];
  growthDurationSec: number;
  growthRounds: number;
  /** Extra start-stop cycles of each service to time its start-up. */
  startRounds: number;
}

export const MODES: Record<Mode, ModeSettings> = {
  // A smoke check for CI: that every scenario runs and answers as expected, not how fast.
  quick: {
    mode: "quick",
    connections: 8,
    warmupSec: 0,
    durationSec: 0.6,
    rounds: 1,
    growthSizes: [0, 1_000],
    growthDurationSec: 0.3,
    growthRounds: 1,
    startRounds: 0,
  },
  full: {
    mode: "full",
    connections: 50,
    warmupSec: 3,
    durationSec: 10,
    rounds: 3,
    growthSizes: [0, 10_000, 100_000, 1_000_000],
    growthDurationSec: 5,
    growthRounds: 3,
    startRounds: 5,
  },
};
