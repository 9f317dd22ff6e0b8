import { type Exchange, type HttpClient, voteRequest } from "../net/http-client.js";

export type OptionIndex = 0 | 1;

/** Every vote a scenario cast, for which option, and what the service answered. */
export class VoteLedger {
  readonly entries: { option: OptionIndex; exchange: Exchange }[] = [];

  constructor(private readonly options: readonly [string, string]) {}

  async cast(client: HttpClient, option: OptionIndex): Promise<Exchange> {
    const exchange = await client.send(voteRequest(this.options[option]));
    this.entries.push({ option, exchange });
    return exchange;
  }

  get exchanges(): Exchange[] {
    return this.entries.map((entry) => entry.exchange);
  }

  /** Votes sent, per option. */
  sent(): [number, number] {
    return this.count(() => true);
  }

  /** Votes answered 302, per option: the ones the user was told are counted. */
  acknowledged(): [number, number] {
    return this.count((exchange) => exchange.status === 302);
  }

  /** Acknowledged votes the store does not hold. */
  lost(stored: readonly number[]): number {
    return this.acknowledged().reduce(
      (sum, ack, i) => sum + Math.max(0, ack - (stored[i] ?? 0)),
      0,
    );
  }

  private count(which: (exchange: Exchange) => boolean): [number, number] {
    const counts: [number, number] = [0, 0];
    for (const { option, exchange } of this.entries) if (which(exchange)) counts[option]++;
    return counts;
  }
}

export function total(counts: readonly number[]): number {
  return counts.reduce((sum, n) => sum + n, 0);
}
