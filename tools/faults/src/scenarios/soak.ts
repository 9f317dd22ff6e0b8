import { storeLabel } from "@voting/devstack";
import { now } from "../load/clock.js";
import { total } from "../load/vote-ledger.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { p99, soakStack, type StackSoak } from "./soak-stack.js";

const MB = 2 ** 20;

/**
 * Both stacks under a steady mix of pages and votes at once, for minutes: no request fails,
 * every acknowledged vote is stored and shown, and no service's private memory keeps growing.
 */
export async function soak(scale: Scale): Promise<ScenarioResult> {
  const started = now();
  const stacks = await Promise.all((["redis", "mysql"] as const).map((b) => soakStack(b, scale)));
  const minutes = (now() - started) / 60_000;
  const memory = stacks.flatMap((s) => s.memory);
  const pages = stacks.reduce((sum, s) => sum + s.tally.pages, 0);
  const votes = stacks.reduce((sum, s) => sum + total(s.tally.sent), 0);
  return {
    scenario: "Soak: pages and votes on both stacks",
    load: `2 × ${scale.clients} clients for ${formatMinutes(scale.soakMs)}, ${pages} pages, ${votes} votes`,
    faults: "none",
    badInputs: 0,
    lostVotes: stacks.reduce((sum, s) => sum + lost(s), 0),
    maxFaultLatencyMs: null,
    summary:
      `${stacks.reduce((sum, s) => sum + s.tally.errors, 0)} errors, counts exact; private memory ` +
      `after ${formatMinutes(scale.soakWarmUpMs)} → at the end: ` +
      memory.map((m) => `${m.service} ${mb(m.warm)} → ${mb(m.end)} MB`).join(", "),
    violations: judgeSoak(stacks, scale),
    figures: {
      minutes: Number(minutes.toFixed(1)),
      ...Object.fromEntries(stacks.flatMap((s) => stackFigures(s))),
      ...Object.fromEntries(
        memory.flatMap((m) => [
          [`${m.service} warm MB`, Number(mb(m.warm))],
          [`${m.service} end MB`, Number(mb(m.end))],
          [`${m.service} ratio`, Number((m.end / m.warm).toFixed(3))],
          [`${m.service} peak MB`, Number(mb(m.peak))],
        ]),
      ),
    },
  };
}

function judgeSoak(stacks: readonly StackSoak[], scale: Scale): string[] {
  const tolerance = scale.soakMemoryTolerance;
  const warmUp = formatMinutes(scale.soakWarmUpMs);
  const claims = new Claims();
  for (const s of stacks) {
    const { tally } = s;
    const on = storeLabel(s.backend);
    claims.check(
      tally.badPages === 0,
      `every page is a 200 with a results line (${on})`,
      () => `${tally.badPages} of ${tally.pages} were not, e.g. ${tally.samples.join("; ")}`,
    );
    claims.check(
      tally.badVotes === 0,
      `every vote is acknowledged with a 302 (${on})`,
      () => `${tally.badVotes} of ${total(tally.sent)} were not, e.g. ${tally.samples.join("; ")}`,
    );
    claims.check(
      s.stored.every((n, i) => n === tally.acknowledged[i]),
      `the store holds exactly the acknowledged votes (${on})`,
      () => `acknowledged ${tally.acknowledged.join("/")}, stored ${s.stored.join("/")}`,
    );
    claims.check(
      s.fromAnalytics === s.expectedText && s.onPage === s.expectedText,
      `analytics and the page show them (${on})`,
      () => `expected "${s.expectedText}", analytics "${s.fromAnalytics}", page "${s.onPage}"`,
    );
    for (const m of s.memory) {
      claims.check(
        m.peak <= scale.soakPeakMemoryMb * MB,
        `${m.service}'s private memory stays under ${scale.soakPeakMemoryMb} MB`,
        () => `it reached ${mb(m.peak)} MB`,
      );
      if (tolerance === null) continue;
      claims.check(
        m.end <= m.warm * (1 + tolerance) && m.end >= m.warm * (1 - tolerance),
        `${m.service}'s private memory at the end is within ${tolerance * 100}% of its value after ${warmUp}`,
        () => `${mb(m.warm)} MB after ${warmUp}, ${mb(m.end)} MB at the end`,
      );
    }
  }
  return claims.violations;
}

function stackFigures(s: StackSoak): [string, number][] {
  const { tally, backend } = s;
  return [
    [`${backend} requests`, tally.requests],
    [`${backend} votes`, total(tally.sent)],
    [`${backend} acknowledged`, total(tally.acknowledged)],
    [`${backend} stored`, total(s.stored)],
    [`${backend} errors`, tally.errors],
    [`${backend} p99 ms`, p99(tally)],
  ];
}

function lost(s: StackSoak): number {
  return s.tally.acknowledged.reduce(
    (sum, ack, i) => sum + Math.max(0, ack - (s.stored[i] ?? 0)),
    0,
  );
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function formatMinutes(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
