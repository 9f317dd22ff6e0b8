import { randomUUID } from "node:crypto";
import { type Exchange, type HttpClient, voteRequest } from "../net/http-client.js";
import { now, sleep } from "./clock.js";

export type OptionIndex = 0 | 1;

export interface LedgerEntry {
  option: OptionIndex;
  /** The vote's `vote_id`, the same on each of its attempts; null for a vote sent without one. */
  voteId: string | null;
  exchange: Exchange;
}

/**
 * Every vote a scenario cast, for which option, and what the service answered to each attempt.
 * A vote is one `vote_id` however often it was sent; a vote without an id is one attempt.
 */
export class VoteLedger {
  readonly entries: LedgerEntry[] = [];

  constructor(private readonly options: readonly [string, string]) {}

  /** One vote, sent once: with a fresh `vote_id` as the page sends it, or with none, as curl. */
  async cast(client: HttpClient, option: OptionIndex, withId = true): Promise<Exchange> {
    return this.send(client, option, withId ? randomUUID() : null);
  }

  /**
   * One vote, sent with the same `vote_id` again after each refusal (a 503 or no answer), as a
   * user would press the button again, until it is acknowledged or `deadline` (on the scenario
   * clock) has passed. The pause between attempts is short, so a recovery is seen as it happens.
   */
  async castUntilAcknowledged(
    client: HttpClient,
    option: OptionIndex,
    retry: { pauseMs: number; deadline: number },
  ): Promise<Exchange> {
    const voteId = randomUUID();
    for (;;) {
      const exchange = await this.send(client, option, voteId);
      if (!isRefusal(exchange) || now() >= retry.deadline) return exchange;
      await sleep(retry.pauseMs);
    }
  }

  get exchanges(): Exchange[] {
    return this.entries.map((entry) => entry.exchange);
  }

  /** Votes sent, per option. */
  sent(): [number, number] {
    return this.count(() => true);
  }

  /** Votes answered 302 at least once, per option: the ones the user was told are counted. */
  acknowledged(): [number, number] {
    return this.count((exchanges) => exchanges.some((e) => e.status === 302));
  }

  /** Acknowledged votes the store does not hold. */
  lost(stored: readonly number[]): number {
    return this.acknowledged().reduce(
      (sum, ack, i) => sum + Math.max(0, ack - (stored[i] ?? 0)),
      0,
    );
  }

  /** Votes the store holds beyond the acknowledged ones: counted twice, or never acknowledged. */
  extra(stored: readonly number[]): number {
    return this.acknowledged().reduce(
      (sum, ack, i) => sum + Math.max(0, (stored[i] ?? 0) - ack),
      0,
    );
  }

  private async send(
    client: HttpClient,
    option: OptionIndex,
    voteId: string | null,
  ): Promise<Exchange> {
    const request = voteRequest(this.options[option]);
    if (voteId !== null) request.body = `${request.body}&vote_id=${voteId}`;
    const exchange = await client.send(request);
    this.entries.push({ option, voteId, exchange });
    return exchange;
  }

  /** Per option, the votes whose attempts satisfy `which`. */
  private count(which: (exchanges: Exchange[]) => boolean): [number, number] {
    const votes = new Map<string | LedgerEntry, { option: OptionIndex; exchanges: Exchange[] }>();
    for (const entry of this.entries) {
      const key = entry.voteId ?? entry;
      const vote = votes.get(key) ?? { option: entry.option, exchanges: [] };
      vote.exchanges.push(entry.exchange);
      votes.set(key, vote);
    }
    const counts: [number, number] = [0, 0];
    for (const { option, exchanges } of votes.values()) if (which(exchanges)) counts[option]++;
    return counts;
  }
}

/** An attempt the service did not take: refused for now (503) or not answered at all. */
export function isRefusal(exchange: Exchange): boolean {
  return exchange.status === 503 || exchange.status === null;
}

export function total(counts: readonly number[]): number {
  return counts.reduce((sum, n) => sum + n, 0);
}
