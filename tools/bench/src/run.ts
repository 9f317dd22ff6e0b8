import type { StoreKind } from "@voting/storage";
import { barePageTarget, startBarePage } from "./bare-page.js";
import type { RunContext } from "./context.js";
import { distFile } from "./dist-file.js";
import { GATEWAY_ID, measureGateway, type GatewayOutcome } from "./gateway.js";
import { measureGrowth, seedProblems, type GrowthTargets } from "./growth.js";
import { startLoadGenerator } from "./load/run-load.js";
import { machine } from "./machine.js";
import { measureMain, type MainFigures } from "./main-run.js";
import { problemsOf, type Target } from "./measure.js";
import type { ModeSettings } from "./modes.js";
import { startService, type ServicePair, type ServiceProcess } from "./procs/service.js";
import type { BenchReport, GrowthFigures, Measurement, ServiceFigures } from "./results.js";
import { BACKENDS, startStack, type Stack } from "./stack.js";
import { openBenchStores, type BenchStores } from "./stores/bench-stores.js";
import { ceilingTarget, stackTargets, unmeteredTargets } from "./targets.js";

export interface RunDeps {
  settings: ModeSettings;
  /** Only the scenarios with these ids (the ceiling always runs); null for all. */
  only?: string[] | null;
  /** NODE_OPTIONS for the services; null to run them as shipped. */
  nodeOptions?: string | null;
  /** Stops the run at the next load; everything started is stopped and dropped. */
  signal?: AbortSignal;
  /** Scratch directory: every process's log. */
  dir: string;
  log: (line: string) => void;
}

/** Starts the stores, the load process, the ceiling and both stacks, measures, stops it all. */
export async function runBench(deps: RunDeps): Promise<BenchReport> {
  deps.log(`bench (${deps.settings.mode}): starting the stores`);
  const stores = await openBenchStores();
  const running: { stop(): Promise<void> }[] = [];
  try {
    const generator = await startLoadGenerator();
    running.push({ stop: () => generator.close() });
    const context: RunContext = { ...deps, stores, generator };
    const readyMs = await timeStarts(deps, stores);
    const { ceiling, bare, stacks, unmetered } = await startServers(deps, stores, running);
    for (const backend of BACKENDS) addStarts(readyMs, stacks[backend]);
    const everyTarget = await targetsOf(stacks, bare, unmetered, stores);
    const targets = everyTarget.filter((target) => !deps.only || deps.only.includes(target.id));
    const main = await measureMain(context, ceilingTarget(ceiling), targets);
    const redisPage = everyTarget.find((target) => target.id === "redis.page");
    const gateway: GatewayOutcome =
      !deps.only || deps.only.includes(GATEWAY_ID)
        ? await measureGateway(context, main.ceiling.rps, redisPage)
        : {
            figures: null,
            direct: null,
            oneReplica: null,
            note: "not measured in this run (--only)",
            failed: false,
          };
    const growth = await measureGrowth(context, growthTargets(stacks, targets), main.ceiling.rps);
    // Awaited here, so that the stores are still there while it asks them for their versions.
    return await reportOf(deps, stores, {
      main,
      gateway,
      growth,
      stacks,
      bare,
      unmetered,
      readyMs,
    });
  } finally {
    for (const process of running.reverse()) await process.stop().catch(() => {});
    await stores.close();
  }
}

interface Servers {
  ceiling: ServiceProcess;
  /** The bare hops beside each backend's page. */
  bare: Record<StoreKind, ServicePair>;
  stacks: Record<StoreKind, Stack>;
  /** The Redis stack again, with metrics that record nothing: what metrics cost. */
  unmetered: Stack;
}

/** The ceiling, the bare hops and the services, each added to `running` as it starts. */
async function startServers(
  deps: RunDeps,
  stores: BenchStores,
  running: { stop(): Promise<void> }[],
): Promise<Servers> {
  const started = <T extends { stop(): Promise<void> }>(server: T): T => {
    running.push(server);
    return server;
  };
  const ceiling = started(
    await startService({
      name: "bare-node",
      command: process.execPath,
      args: [distFile("bare-server.js")],
      env: { PATH: process.env.PATH ?? "" },
      dir: deps.dir,
      readyPath: "/",
    }),
  );
  const bare = {} as Record<StoreKind, ServicePair>;
  const stacks = {} as Record<StoreKind, Stack>;
  for (const backend of BACKENDS) {
    bare[backend] = started(await startBarePage(backend, stackEnv(deps, stores)));
    stacks[backend] = started(await startStack(backend, stackEnv(deps, stores)));
  }
  const unmetered = started(await startStack("redis", stackEnv(deps, stores), { unmetered: true }));
  return { ceiling, bare, stacks, unmetered };
}

interface Measured {
  main: MainFigures;
  gateway: GatewayOutcome;
  growth: GrowthFigures[];
  stacks: Record<StoreKind, Stack>;
  bare: Record<StoreKind, ServicePair>;
  unmetered: Stack;
  readyMs: Record<string, number[]>;
}

async function reportOf(
  deps: RunDeps,
  stores: BenchStores,
  measured: Measured,
): Promise<BenchReport> {
  const { main, gateway, growth, stacks, bare, unmetered, readyMs } = measured;
  const all = [
    main.ceiling,
    ...main.scenarios,
    ...(gateway.figures ? [gateway.figures] : []),
    ...growth.flatMap((g) => [g.analytics, g.page]),
  ];
  const measurements = all.flatMap((figures) => figures.rounds);
  return {
    date: new Date().toISOString(),
    mode: deps.settings.mode,
    nodeOptions: deps.nodeOptions ?? null,
    only: deps.only ?? null,
    machine: machine(),
    settings: {
      connections: deps.settings.connections,
      durationSec: deps.settings.durationSec,
      rounds: deps.settings.rounds,
      warmupSec: deps.settings.warmupSec,
    },
    stores: { redis: await stores.redis.describe(), mysql: await stores.mysql.describe() },
    ceiling: main.ceiling,
    scenarios: main.scenarios,
    growth,
    services: memoryFigures(
      BACKENDS.flatMap((backend) => [stacks[backend].app, stacks[backend].analytics]),
      readyMs,
      measurements,
    ),
    references: memoryFigures(
      BACKENDS.flatMap((backend) => [bare[backend].app, bare[backend].analytics]),
      {},
      measurements,
    ),
    unmetered: memoryFigures([unmetered.app, unmetered.analytics], {}, measurements),
    gateway: {
      figures: gateway.figures,
      note: gateway.note,
      direct: gateway.direct,
      oneReplica: gateway.oneReplica,
    },
    problems: [
      ...all.flatMap(problemsOf),
      ...growth.flatMap(seedProblems),
      ...(gateway.failed && gateway.note ? [`gateway: ${gateway.note}`] : []),
    ],
  };
}

/** Start-up of each service over extra start-stop cycles; the stacks under load add one each. */
async function timeStarts(deps: RunDeps, stores: BenchStores): Promise<Record<string, number[]>> {
  const readyMs: Record<string, number[]> = {};
  for (let round = 0; round < deps.settings.startRounds; round++) {
    for (const backend of BACKENDS) {
      const stack = await startStack(backend, stackEnv(deps, stores));
      await stack.stop();
      addStarts(readyMs, stack);
    }
  }
  return readyMs;
}

function stackEnv(deps: RunDeps, stores: BenchStores) {
  return { stores: stores.env, dir: deps.dir, nodeOptions: deps.nodeOptions };
}

function addStarts(readyMs: Record<string, number[]>, stack: Stack): void {
  for (const service of [stack.analytics, stack.app]) {
    (readyMs[service.name] ??= []).push(service.readyMs);
  }
}

/** Reads first, votes last: vote rounds leave votes behind (each round starts empty again). */
async function targetsOf(
  stacks: Record<StoreKind, Stack>,
  bare: Record<StoreKind, ServicePair>,
  unmetered: Stack,
  stores: BenchStores,
): Promise<Target[]> {
  const targets: Target[] = [];
  for (const backend of BACKENDS) {
    const store = await stores.process(backend);
    targets.push(...stackTargets(stacks[backend], store.name, store.pid));
    targets.push(barePageTarget(backend, bare[backend], store.name, store.pid));
  }
  // Each unmetered scenario runs right after its metered twin, so each pair of rounds meets the
  // same machine: the host's speed drifts more over a minute than the metrics cost.
  const unmeteredStore = await stores.process(unmetered.backend);
  for (const twin of unmeteredTargets(unmetered, unmeteredStore.name, unmeteredStore.pid)) {
    const metered = targets.findIndex((target) => `${target.id}.unmetered` === twin.id);
    targets.splice(metered + 1, 0, twin);
  }
  const reads = targets.filter((target) => target.spec.method === "GET");
  return [...reads, ...targets.filter((target) => !reads.includes(target))];
}

/** Each backend whose analytics and page scenarios are in this run. */
function growthTargets(stacks: Record<StoreKind, Stack>, targets: Target[]): GrowthTargets[] {
  return BACKENDS.flatMap((backend) => {
    const analytics = targets.find((target) => target.id === `${backend}.analytics`);
    const page = targets.find((target) => target.id === `${backend}.page`);
    if (!analytics || !page) return [];
    return [{ backend, analytics, page, analyticsUrl: stacks[backend].analytics.url }];
  });
}

/**
 * Each process's highest private memory under any load of the run, and its start-up times (its
 * own start's, unless `readyMs` holds more).
 */
function memoryFigures(
  services: ServiceProcess[],
  readyMs: Record<string, number[]>,
  measurements: Measurement[],
): ServiceFigures[] {
  return services.map((service) => ({
    name: service.name,
    peakPrivateMb: Math.max(
      0,
      ...measurements.map((m) => m.usage.peakPrivateMb[service.name] ?? 0),
    ),
    readyMs: readyMs[service.name] ?? [service.readyMs],
  }));
}
