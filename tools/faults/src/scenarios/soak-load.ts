import { now, sleep } from "../load/clock.js";
import { latency } from "../load/stats.js";
import { type Exchange, type HttpClient, resultsText, voteRequest } from "../net/http-client.js";
import { UNAVAILABLE } from "./analytics-outage.js";

/** The results line analytics 1.1 and 2.0 write: `Cats: 2/6 (33%) | Dogs: 4/6 (67%)`. */
const RESULTS_LINE = /^.+: \d+\/\d+ \(\d+%\) \| .+: \d+\/\d+ \(\d+%\)$/;
/** How many bad answers a tally keeps, to show in a broken claim. */
const KEPT_SAMPLES = 5;

/**
 * What a long load did to one stack, kept as counts rather than as every exchange: ten minutes
 * of pages would not fit in memory, and the soak must not be what grows.
 */
export class SoakTally {
  pages = 0;
  /** Pages that were not a 200 with a results line showing counts. */
  badPages = 0;
  readonly sent: [number, number] = [0, 0];
  readonly acknowledged: [number, number] = [0, 0];
  /** Votes answered anything but 302. */
  badVotes = 0;
  /** A few of the bad answers, as "GET / 503", "POST / ECONNRESET"... */
  readonly samples: string[] = [];
  readonly latencies: number[] = [];

  page(exchange: Exchange): void {
    this.pages++;
    const text = exchange.status === 200 ? resultsText(exchange.body) : null;
    const shown = text !== null && text !== UNAVAILABLE && RESULTS_LINE.test(text);
    if (!shown) this.bad(exchange, text ?? "no results line");
    this.latencies.push(latency(exchange));
  }

  vote(option: 0 | 1, exchange: Exchange): void {
    this.sent[option]++;
    if (exchange.status === 302) this.acknowledged[option]++;
    else this.bad(exchange, "");
    this.latencies.push(latency(exchange));
  }

  get requests(): number {
    return this.pages + this.sent[0] + this.sent[1];
  }

  get errors(): number {
    return this.badPages + this.badVotes;
  }

  private bad(exchange: Exchange, detail: string): void {
    if (exchange.method === "GET") this.badPages++;
    else this.badVotes++;
    if (this.samples.length < KEPT_SAMPLES) {
      const outcome = exchange.status ?? exchange.error ?? "no answer";
      this.samples.push(`${exchange.method} ${exchange.path} ${outcome} ${detail}`.trim());
    }
  }
}

export interface PacedMix {
  client: HttpClient;
  options: readonly [string, string];
  tally: SoakTally;
  /** Requests per second, pages and votes together, spread evenly over the workers. */
  rate: number;
  workers: number;
  start: number;
}

/**
 * One step of worker `worker`: a page, or a vote (40% the first option, 60% the second), at the
 * time its turn comes. A worker that falls behind sends at once, so the rate is a ceiling.
 */
export async function pacedStep(mix: PacedMix, worker: number, index: number): Promise<void> {
  const interval = (1000 * mix.workers) / mix.rate;
  const due = mix.start + (index + worker / mix.workers) * interval;
  const wait = due - now();
  if (wait > 0) await sleep(wait);
  if (index % 2 === 0) {
    mix.tally.page(await mix.client.send({ method: "GET", path: "/" }));
  } else {
    const option = (worker + index) % 5 < 2 ? 0 : 1;
    mix.tally.vote(option, await mix.client.send(voteRequest(mix.options[option])));
  }
}
