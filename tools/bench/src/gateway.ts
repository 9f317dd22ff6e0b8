import { existsSync } from "node:fs";
import { join } from "node:path";
import { findFreePort, repoRoot, type RunningChild, startChild, waitUntil } from "@voting/devstack";
import { runKubectl } from "@voting/playground";
import { measure, warmUp, type RunContext } from "./context.js";
import { figuresOf, type Target } from "./measure.js";
import type { DirectComparison, Measurement, ScenarioFigures } from "./results.js";
import { median } from "./stats.js";

export const GATEWAY_ID = "gateway.page";

/**
 * The page through the playground's ingress gateway; or a note on why it was not measured, and
 * whether that is a problem (the playground failed) or only a TODO (it is not built).
 */
export type GatewayOutcome =
  | {
      figures: ScenarioFigures;
      direct: DirectComparison | null;
      /** The same comparison with voting-app scaled to one replica, as the direct stack runs it. */
      oneReplica: DirectComparison | null;
      note: null;
      failed: false;
    }
  | { figures: null; direct: null; oneReplica: null; note: string; failed: boolean };

/**
 * GET / through the playground at step 2 of the tutorial (ingress gateway → app 1.0 →
 * analytics 1.1 → Redis, each hop through the playground's sidecars), on the bench's own Redis.
 * Its difference from the direct redis.page scenario is what the mesh's hops cost: when `direct`
 * is given, a round of it runs right before each round through the gateway, so that the share
 * compares rounds that met the same machine.
 */
export async function measureGateway(
  context: RunContext,
  ceilingRps: number,
  direct?: Target,
): Promise<GatewayOutcome> {
  const main = join(repoRoot(), "tools", "playground", "dist", "main.js");
  if (!existsSync(main)) {
    const note = "TODO: not measured yet; the playground (tools/playground) is not built";
    return { figures: null, direct: null, oneReplica: null, note, failed: false };
  }
  const kubeconfig = join(context.dir, "kubeconfig");
  const port = await findFreePort();
  const playground = await startChild({
    command: process.execPath,
    args: [
      main,
      "--at-step",
      "2",
      "--port",
      String(port),
      "--control-port",
      String(await findFreePort()),
      "--view-port",
      String(await findFreePort()),
      // Its own kubeconfig: the user's .local/kubeconfig is left alone.
      "--kubeconfig",
      kubeconfig,
    ],
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...context.stores.env },
    output: { file: join(context.dir, "playground.log") },
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    if (!(await routedToAnalytics11(url, 60_000))) {
      const log = playground.tail().slice(-5).join("\n");
      const note = `not measured: the playground did not serve step 2 within 60 s (log: ${log})`;
      return { figures: null, direct: null, oneReplica: null, note, failed: true };
    }
    const target: Target = {
      id: GATEWAY_ID,
      label:
        "GET / through the playground: ingress gateway → app 1.0 → analytics 1.1 → Redis, with sidecars",
      backend: "redis",
      spec: { url, method: "GET", expectStatus: 200 },
      // Its pods are its children; their CPU shows under "others".
      watched: { playground: playground.pid },
    };
    await warmUp(context, target);
    const { rounds, directRounds } = await pairedRounds(context, target, direct, "");
    let oneReplica: DirectComparison | null = null;
    if (direct) {
      // Step 2 runs three replicas of voting-app on this machine's cores, the direct stack one:
      // measured again with one, the share is what the mesh's hops cost alone.
      await scaleAppToOneReplica(kubeconfig);
      const single = await pairedRounds(context, target, direct, ", voting-app at 1 replica");
      oneReplica = comparison(direct.id, single.directRounds, single.rounds);
    }
    return {
      figures: figuresOf(target, rounds, ceilingRps),
      direct: direct ? comparison(direct.id, directRounds, rounds) : null,
      oneReplica,
      note: null,
      failed: false,
    };
  } finally {
    await stopPlayground(playground);
  }
}

/** The mode's rounds through the gateway, each after a round of `direct` when given. */
async function pairedRounds(
  context: RunContext,
  target: Target,
  direct: Target | undefined,
  what: string,
): Promise<{ rounds: Measurement[]; directRounds: Measurement[] }> {
  const rounds: Measurement[] = [];
  const directRounds: Measurement[] = [];
  const { durationSec } = context.settings;
  for (let round = 1; round <= context.settings.rounds; round++) {
    if (direct) {
      const beside = `round ${round} ${direct.id} (beside ${GATEWAY_ID}${what})`;
      directRounds.push(await measure(context, direct, durationSec, beside));
    }
    rounds.push(await measure(context, target, durationSec, `round ${round} ${target.id}${what}`));
  }
  return { rounds, directRounds };
}

/** `kubectl scale` voting-app 1.0 to one replica, and waits until the others are gone. */
async function scaleAppToOneReplica(kubeconfig: string): Promise<void> {
  const kubectl = async (...args: string[]) => {
    const result = await runKubectl(["-n", "voting", ...args], { kubeconfig, cwd: repoRoot() });
    if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr.trim()}`);
    return result;
  };
  await kubectl("scale", "deployment/voting-app-1-0", "--replicas=1");
  const scaled = await waitUntil(
    async () => {
      const { stdout } = await kubectl("get", "pods", "-l", "app=voting-app", "--no-headers");
      return stdout.trim().split("\n").length === 1 && / 2\/2 +Running /.test(stdout);
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  if (!scaled.ok) throw new Error("voting-app 1.0 did not scale to one ready replica within 60 s");
}

function comparison(id: string, direct: Measurement[], through: Measurement[]): DirectComparison {
  const rps = (round: Measurement) => round.load.rps;
  return {
    id,
    rps: median(direct.map(rps)),
    share: median(through.map((round, index) => rps(round) / rps(direct[index]!))),
  };
}

/** Whether the page, through the gateway, shows analytics 1.1's results line before the deadline. */
async function routedToAnalytics11(url: string, timeoutMs: number): Promise<boolean> {
  const routed = await waitUntil(
    async () => {
      const page = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
        async (response) => (response.status === 200 ? response.text() : ""),
        () => "",
      );
      return /<div id="results"> [^<]*\/[^<]* <\/div>/.test(page);
    },
    { timeoutMs, intervalMs: 200 },
  );
  return routed.ok;
}

// Its pods drain for their grace period on SIGINT, as the playground's Ctrl-C does.
async function stopPlayground(playground: RunningChild): Promise<void> {
  await playground.stop(30_000, "SIGINT");
}
