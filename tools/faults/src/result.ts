/** What a scenario tried and what survived: one row of the report, and the test's verdict. */
export interface ScenarioResult {
  scenario: string;
  /** "16 clients, 400 votes" */
  load: string;
  /** "Redis paused 1.5 s; Redis killed 1.5 s and restarted", or "none". */
  faults: string;
  /** How many bad inputs were sent, or 0. */
  badInputs: number;
  /** Acknowledged (302) votes missing from the store afterwards; null where no votes are cast. */
  lostVotes: number | null;
  /** Slowest answer while a fault was on; null without a fault. */
  maxFaultLatencyMs: number | null;
  /** The figure that matters most, in words: "recovered in 0.6 s". */
  summary?: string;
  /** Each broken promise, in words; empty when the scenario passed. */
  violations: string[];
  /** Further figures for the report and the tests. */
  figures: Record<string, number | string>;
}

/** Collects the claims a scenario checks; the ones that do not hold become violations. */
export class Claims {
  readonly violations: string[] = [];

  /** Records `claim` as broken, with what was seen, unless `holds`. */
  check(holds: boolean, claim: string, seen: () => string): void {
    if (!holds) this.violations.push(`${claim}: ${seen()}`);
  }
}
