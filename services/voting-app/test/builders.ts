import { Readiness, type ServiceMetrics, silentLogger } from "@voting/common";
import { MemoryVoteStore } from "@voting/storage/testing";
import type { VoteStore } from "@voting/storage";
import type { AnalyticsClient, Results } from "../src/analytics-client.js";
import { createVotingApp } from "../src/app.js";
import type { PageSettings } from "../src/page.js";

/** An analytics fake that answers from a store, like voting-analytics 1.1 would, and records calls. */
export class FakeAnalytics implements AnalyticsClient {
  readonly calls: Record<string, string>[] = [];
  failure: Error | null = null;

  constructor(
    private readonly store: VoteStore,
    private readonly options: readonly string[],
  ) {}

  async results(traceHeaders: Record<string, string>): Promise<Results> {
    this.calls.push(traceHeaders);
    if (this.failure) throw this.failure;
    const counts = await this.store.counts(this.options);
    return {
      text: this.options.map((option, i) => `${option}: ${counts[i]}`).join(" | "),
      version: "1.0",
    };
  }

  async close(): Promise<void> {}
}

export function pageSettings(overrides: Partial<PageSettings> = {}): PageSettings {
  return {
    title: "AKS Voting App",
    options: ["Cats", "Dogs"],
    appVersion: "1.0",
    showDetails: true,
    offerFeatureFlag: true,
    host: "voting-app-1-0-test",
    store: "redis",
    ...overrides,
  };
}

export function buildVotingApp(
  overrides: {
    settings?: Partial<PageSettings>;
    store?: VoteStore;
    analytics?: AnalyticsClient;
    metrics?: ServiceMetrics;
  } = {},
) {
  const settings = pageSettings(overrides.settings);
  const store = (overrides.store as MemoryVoteStore | undefined) ?? new MemoryVoteStore();
  const analytics = overrides.analytics ?? new FakeAnalytics(store, settings.options);
  const readiness = new Readiness(() => store.ping());
  const app = createVotingApp({
    settings,
    store,
    analytics,
    readiness,
    logger: silentLogger(),
    metrics: overrides.metrics,
  });
  return { app, store, analytics, readiness, settings };
}

/** The results line as the tutorial's `grep results` prints it. */
export function resultsLine(html: string): string | undefined {
  return html.split("\n").find((line) => line.includes("results"));
}
