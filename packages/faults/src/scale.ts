/** How hard a run pushes: the test suite runs `ci` (small, under a minute and a half on 2 cores); the report runs `report`. */
export interface Scale {
  name: "ci" | "report";
  /** Concurrent clients, each with its own keep-alive connection. */
  clients: number;
  /** Votes each client casts in the exact-counting run. */
  votesPerClient: number;
  /** How long each injected fault lasts. */
  faultMs: number;
  /** Load before, between and after faults. */
  steadyMs: number;
  /** voting-app's ANALYTICS_TIMEOUT_MS in the analytics scenarios. */
  analyticsTimeoutMs: number;
  /** SHUTDOWN_DELAY_MS of a service taken down under load. */
  shutdownDelayMs: number;
  /** Generated inputs per property in the hostile-input run. */
  generatedPerProperty: number;
  /**
   * Allowance over a deadline for the machine itself (scheduling, a busy CPU): a fault answer
   * "within the deadline" must arrive within deadline + slack.
   */
  slackMs: number;
}

export const CI_SCALE: Scale = {
  name: "ci",
  clients: 8,
  votesPerClient: 25,
  faultMs: 1500,
  steadyMs: 400,
  analyticsTimeoutMs: 500,
  shutdownDelayMs: 300,
  generatedPerProperty: 40,
  slackMs: 1000,
};

export const REPORT_SCALE: Scale = {
  name: "report",
  clients: 32,
  votesPerClient: 100,
  faultMs: 4000,
  steadyMs: 1500,
  analyticsTimeoutMs: 1000,
  shutdownDelayMs: 1000,
  generatedPerProperty: 400,
  slackMs: 1000,
};
