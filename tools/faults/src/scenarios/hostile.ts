import type { StoreKind } from "@voting/storage";
import fc from "fast-check";
import { assertServicesBuilt } from "@voting/devstack";
import { abandonRequest, encodeRequest, type RawAnswer, rawExchange } from "../net/raw-http.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { type Stack, startStack } from "../stack/stack.js";
import { storeFor } from "../stack/stores.js";
import { round } from "../load/stats.js";
import { type Category, countedVote, type HostileCase, judge } from "./hostile/cases.js";
import { bodyCorpus } from "./hostile/corpus-bodies.js";
import { requestCorpus } from "./hostile/corpus-requests.js";
import { type HostileProperty, hostileProperties } from "./hostile/properties.js";

/** A request with no answer after this long is a hang. */
const ANSWER_TIMEOUT_MS = 5000;
/** How many broken cases are spelled out in a violation; the rest are counted. */
const SHOWN = 5;

/** Sends each case to the real process and keeps the score. */
class HostileRun {
  readonly tried = new Map<Category, number>();
  readonly failures: string[] = [];
  readonly counted: [number, number] = [0, 0];
  /** Cases that are not a plain, valid vote. */
  bad = 0;
  maxAnswerMs = 0;
  /** The first batch of inputs after which a service stopped answering /healthz. */
  unhealthyAfter: string | null = null;

  constructor(private readonly stack: Stack) {}

  /** Sends the case; returns why its answer was wrong, or null. */
  async send(hostile: HostileCase): Promise<string | null> {
    const port = hostile.target === "app" ? this.stack.app.port : this.stack.analytics.port;
    this.tried.set(hostile.category, (this.tried.get(hostile.category) ?? 0) + 1);
    if (hostile.expect.kind !== "vote") this.bad++;
    let answer: RawAnswer;
    if (hostile.raw !== undefined) {
      await abandonRequest(port, Buffer.from(hostile.raw, "latin1"));
      answer = { status: null, head: "", body: "", outcome: "closed", ms: 0 };
    } else {
      answer = await rawExchange(port, encodeRequest(hostile.request), ANSWER_TIMEOUT_MS);
      this.maxAnswerMs = Math.max(this.maxAnswerMs, answer.ms);
    }
    const vote = countedVote(hostile, answer);
    if (vote !== null) this.counted[vote]++;
    const wrong = judge(hostile, answer);
    if (wrong !== null) this.failures.push(`${hostile.name} → ${wrong}`);
    return wrong;
  }

  /** Both services must still answer /healthz after each batch of inputs. */
  async checkHealth(after: string): Promise<void> {
    if (this.unhealthyAfter !== null) return;
    for (const service of [this.stack.app, this.stack.analytics]) {
      const request = encodeRequest({ target: "/healthz" });
      const answer = await rawExchange(service.port, request, ANSWER_TIMEOUT_MS);
      if (answer.status !== 200) this.unhealthyAfter = after;
    }
  }

  get total(): number {
    return [...this.tried.values()].reduce((sum, n) => sum + n, 0);
  }
}

/** Runs one property; returns its counterexample and what was wrong, or null if it held. */
async function checkProperty(
  run: HostileRun,
  property: HostileProperty,
  numRuns: number,
): Promise<string | null> {
  let lastWrong: string | null = null;
  const details = await fc.check(
    fc.asyncProperty(property.cases, async (hostile) => {
      lastWrong = await run.send(hostile);
      return lastWrong === null;
    }),
    // Each run is a real request: no shrinking, the first counterexample is reported as is.
    { numRuns, endOnFailure: true },
  );
  if (!details.failed) return null;
  const example = (details.counterexample?.[0] as HostileCase | undefined)?.name;
  return `${example} → ${lastWrong ?? String(details.errorInstance)} (seed ${details.seed})`;
}

/**
 * A corpus of hostile requests and generated ones (fast-check) against app and analytics:
 * every answer is a deliberate 2xx/3xx/4xx, both processes keep answering, and nothing but
 * the two option counters is ever written to the store.
 */
export async function hostileInput(backend: StoreKind, scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  return withResources(async (resources) => {
    const store = resources.add(await storeFor(backend), (s) => s.close());
    const stack = await startStack({ store }, resources);
    const pids = [stack.app.pid, stack.analytics.pid];
    const run = new HostileRun(stack);
    const claims = new Claims();

    const corpus = [...bodyCorpus(stack.options), ...requestCorpus(stack.options)];
    for (const category of new Set(corpus.map((c) => c.category))) {
      for (const hostile of corpus.filter((c) => c.category === category)) await run.send(hostile);
      await run.checkHealth(`${category} inputs`);
    }
    for (const property of hostileProperties(stack.options)) {
      const broken = await checkProperty(run, property, scale.generatedPerProperty);
      claims.check(broken === null, `${property.name} are answered deliberately`, () => broken!);
      await run.checkHealth(property.name);
    }

    const written = await store.writtenValues();
    const stored = await store.counts(stack.options);
    claims.check(
      run.failures.length === 0,
      "every answer is a deliberate 2xx, 3xx or 4xx",
      () =>
        `${run.failures.length} were not: ${run.failures.slice(0, SHOWN).join("; ")}` +
        (run.failures.length > SHOWN ? "; ..." : ""),
    );
    claims.check(
      run.unhealthyAfter === null,
      "both services still answer /healthz",
      () => `not after the ${run.unhealthyAfter}`,
    );
    const same = stack.app.pid === pids[0] && stack.analytics.pid === pids[1];
    claims.check(
      stack.app.alive() && stack.analytics.alive() && same,
      "neither process crashed",
      () => "a process exited",
    );
    const foreign = written.filter((value) => !stack.options.includes(value));
    claims.check(
      foreign.length === 0,
      "nothing but the two options is written to the store",
      () => `the store holds ${JSON.stringify(foreign)}`,
    );
    claims.check(
      stored[0] === run.counted[0] && stored[1] === run.counted[1],
      "exactly the acknowledged votes are stored",
      () => `acknowledged ${run.counted.join("/")}, stored ${stored.join("/")}`,
    );

    const stackName =
      backend === "redis" ? "app 1.0 + analytics 1.1, Redis" : "app 2.0 + analytics 2.0, MySQL";
    return {
      scenario: `Hostile input (${stackName})`,
      load: `${run.total} requests, one at a time`,
      faults: "none",
      badInputs: run.bad,
      lostVotes: run.counted.reduce((sum, ack, i) => sum + Math.max(0, ack - stored[i]!), 0),
      maxFaultLatencyMs: null,
      summary: `${run.failures.length} answers not deliberate, slowest ${round(run.maxAnswerMs)} ms`,
      violations: claims.violations,
      figures: {
        corpus: corpus.length,
        generated: run.total - corpus.length,
        acknowledgedVotes: run.counted[0] + run.counted[1],
        maxAnswerMs: round(run.maxAnswerMs),
        categories: [...run.tried].map(([category, n]) => `${category} ${n}`).join(", "),
      },
    };
  });
}
