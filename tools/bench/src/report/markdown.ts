import { SERVICE_IMAGES, storeLabel } from "@voting/devstack";
import { barePageId } from "../bare-page.js";
import type { BenchReport, Measurement, ScenarioFigures, ServiceFigures } from "../results.js";
import { median } from "../stats.js";
import { checkGoals } from "./goals.js";

const ms = (value: number) => value.toFixed(2);
const rps = (value: number) => Math.round(value).toLocaleString("en");
const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const cores = (value: number) => value.toFixed(2);

/** The figures of one run as the Markdown that docs/benchmarks.md shows. */
export function renderMarkdown(report: BenchReport): string {
  return [
    ...header(report),
    "",
    "| Scenario | req/s | of ceiling | p50 ms | p99 ms | errors | CPU used, cores |",
    "|---|--:|--:|--:|--:|--:|---|",
    ...[report.ceiling, ...report.scenarios].map(
      (s) =>
        `| ${s.label} | ${rps(s.rps)} | ${pct(s.ratio)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${s.errors} | ${cpuText(s)} |`,
    ),
    ...gatewayRows(report),
    ...barePageShare(report),
    ...metricsCost(report),
    ...gatewayCost(report),
    "",
    ...growthTable(report),
    "",
    "| Service | peak private memory under load (Private_Clean + Private_Dirty) | ready after start (median / slowest) |",
    "|---|--:|--:|",
    ...report.services.map((s) => memoryRow(s.name, s)),
    ...report.references.map((s) =>
      memoryRow(`${s.name} (the bare hops, under their page load only)`, s),
    ),
    ...(report.unmetered ?? []).map((s) =>
      memoryRow(`${s.name} (metrics that record nothing, under its page and vote loads)`, s),
    ),
    "",
    "| Target | Measured | Met |",
    "|---|---|---|",
    ...checkGoals(report).map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? "yes" : "**no**"} |`),
    ...(report.problems.length > 0
      ? ["", "Problems in this run:", "", ...report.problems.map((p) => `- ${p}`)]
      : []),
  ].join("\n");
}

function memoryRow(name: string, s: ServiceFigures): string {
  const peak = s.peakPrivateMb > 0 ? `${s.peakPrivateMb.toFixed(1)} MB` : "not loaded in this run";
  const starts = s.readyMs.length === 1 ? "1 start" : `${s.readyMs.length} starts`;
  const ready = `${median(s.readyMs).toFixed(0)} / ${Math.max(...s.readyMs).toFixed(0)} ms (${starts})`;
  return `| ${name} | ${peak} | ${ready} |`;
}

/** How close each page comes to the same hops without the services' code. */
function barePageShare(report: BenchReport): string[] {
  return (["redis", "mysql"] as const).flatMap((backend) => {
    const bare = report.scenarios.find((s) => s.id === barePageId(backend));
    const page = report.scenarios.find((s) => s.id === `${backend}.page`);
    if (!bare || !page || bare.ratio <= 0) return [];
    return [
      "",
      `Without the services' code, the same hops on ${storeLabel(backend)} answer ${rps(bare.rps)} req/s (${pct(bare.ratio)} of the ceiling): GET / on ${storeLabel(backend)} runs at ${pct(page.ratio / bare.ratio)} of that.`,
    ];
  });
}

/**
 * What the services' Prometheus metrics cost: the Redis stack beside itself without them, round
 * by round (each unmetered round runs right after its metered twin's, with a ceiling round
 * between), as the median of the rounds' ratios.
 */
function metricsCost(report: BenchReport): string[] {
  const scenario = (id: string) => report.scenarios.find((s) => s.id === id);
  const lines = (["page", "vote"] as const).flatMap((kind) => {
    const metered = scenario(`redis.${kind}`);
    const unmetered = scenario(`redis.${kind}.unmetered`);
    if (!metered || !unmetered) return [];
    const pairs = metered.rounds.flatMap((round, index) => {
      const twin = unmetered.rounds[index];
      return twin && twin.load.rps > 0 && round.load.rps > 0 ? [[round, twin] as const] : [];
    });
    if (pairs.length === 0) return [];
    const ratios = pairs.map(([round, twin]) => round.load.rps / twin.load.rps);
    const appCpu = (round: Measurement) => {
      const [, cores] =
        Object.entries(round.usage.cpu).find(([name]) => name.startsWith("app-")) ?? [];
      return ((cores ?? 0) / round.load.rps) * 1e6;
    };
    const cpuWith = median(pairs.map(([round]) => appCpu(round)));
    const cpuWithout = median(pairs.map(([, twin]) => appCpu(twin)));
    const what = kind === "page" ? "GET / page" : "POST / vote";
    return [
      `${what}: with metrics at ${pct(median(ratios))} of the rate without (rounds ${ratios.map(pct).join(", ")}); app 1.0 took ${cpuWith.toFixed(0)} µs of CPU per request with them, ${cpuWithout.toFixed(0)} µs without (medians)`,
    ];
  });
  if (lines.length === 0) return [];
  return [
    "",
    "What the Prometheus metrics cost: the Redis stack started again with metrics that record nothing (tools/bench/src/unmetered-service.ts), each of its rounds right after the metered stack's:",
    "",
    ...lines.map((line) => `- ${line}.`),
  ];
}

function gatewayRows(report: BenchReport): string[] {
  const { figures, note } = report.gateway;
  if (!figures) return [`| GET / through the playground's ingress gateway | ${note} | | | | | |`];
  return [
    `| ${figures.label} | ${rps(figures.rps)} | ${pct(figures.ratio)} | ${ms(figures.p50Ms)} | ${ms(figures.p99Ms)} | ${figures.errors} | ${cpuText(figures)} (its pods: under others) |`,
  ];
}

/** What the playground's hops add to the same page on the same store, served directly. */
function gatewayCost(report: BenchReport): string[] {
  const through = report.gateway.figures;
  if (!through) return [];
  const direct = report.scenarios.find((s) => s.id === "redis.page");
  const beside = report.gateway.direct;
  const single = report.gateway.oneReplica;
  return [
    ...(direct
      ? [
          "",
          `The playground's hops (its ingress gateway and the sidecars on each call) take GET / on Redis from ${rps(direct.rps)} to ${rps(through.rps)} req/s (${pct(through.rps / direct.rps)} of direct) and its p50 from ${ms(direct.p50Ms)} to ${ms(through.p50Ms)} ms.`,
        ]
      : []),
    ...(beside
      ? [
          "",
          `The playground's share of the direct stack: ${pct(beside.share)} (each round through the playground over a round of ${beside.id} right before it, the median of the rounds; ${beside.id} ran at ${rps(beside.rps)} req/s in those rounds).`,
        ]
      : []),
    ...(single
      ? [
          "",
          `With voting-app scaled to one replica (\`kubectl scale\`), as the direct stack runs it, the playground's share is ${pct(single.share)} (${single.id} at ${rps(single.rps)} req/s beside it): step 2 runs three replicas of the app, and on this machine's ${report.machine.cores} cores they cost more than the one process of the direct stack.`,
        ]
      : []),
  ];
}

function header(report: BenchReport): string[] {
  const { machine, settings } = report;
  const all = [report.ceiling, ...report.scenarios];
  return [
    `- Date: ${report.date.slice(0, 16).replace("T", " ")} UTC, mode: ${report.mode}`,
    `- Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, Linux ${machine.kernel}`,
    `- Services: started as their images start them (${imagesText()})${report.nodeOptions != null ? `, with NODE_OPTIONS=${report.nodeOptions}` : ""}, LOG_LEVEL=info (a JSON log line per request, to a file), SHOWDETAILS and FEATUREFLAG on, as the manifests deploy them`,
    `- Stores: ${report.stores.redis}; ${report.stores.mysql}`,
    `- Load: autocannon in a process of its own, ${settings.connections} connections, no pipelining; ${settings.rounds} round(s) of ${settings.durationSec} s per scenario, interleaved, after a ${settings.warmupSec} s warm-up; figures are medians of the rounds; each round of a scenario comes right after a round of the ceiling, and its share of the ceiling is of that round's (the median of the rounds' shares)`,
    `- CPU taken by other processes on the machine during the loads (not the bench's): median ${cores(median(all.map((s) => s.otherCpu)))} cores, highest ${cores(Math.max(...all.map((s) => s.otherCpu)))}`,
  ];
}

function cpuText(figures: ScenarioFigures): string {
  return Object.entries(figures.cpu)
    .map(([name, used]) => `${name} ${cores(used)}`)
    .join(", ");
}

function growthTable(report: BenchReport): string[] {
  const base = new Map(
    report.growth.filter((g) => g.votes === 0).map((g) => [g.backend, g.analytics.p50Ms]),
  );
  return [
    "| Backend | votes stored | stored in | analytics req/s | analytics p50 / p99 ms | p50 vs 0 votes | page req/s | page p50 / p99 ms |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
    ...report.growth.map((g) => {
      const zero = base.get(g.backend);
      const factor = zero ? `${(g.analytics.p50Ms / zero).toFixed(2)}×` : "";
      return `| ${g.backend} | ${g.votes.toLocaleString("en")} | ${g.seedSec.toFixed(1)} s | ${rps(g.analytics.rps)} | ${ms(g.analytics.p50Ms)} / ${ms(g.analytics.p99Ms)} | ${factor} | ${rps(g.page.rps)} | ${ms(g.page.p50Ms)} / ${ms(g.page.p99Ms)} |`;
    }),
  ];
}

/** "`node services/voting-app/dist/server.js` with NODE_ENV=production, ..." */
function imagesText(): string {
  return Object.values(SERVICE_IMAGES)
    .map((image) => {
      const env = Object.entries(image.env).map(([key, value]) => `${key}=${value}`);
      return `\`${["node", ...image.nodeFlags, image.entry].join(" ")}\` with ${env.join(" ")}`;
    })
    .join("; ");
}
