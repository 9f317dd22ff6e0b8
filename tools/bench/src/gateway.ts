import { existsSync } from "node:fs";
import { join } from "node:path";
import { findFreePort, repoRoot } from "@voting/devstack";
import { measure, warmUp, type RunContext } from "./context.js";
import { figuresOf, type Target } from "./measure.js";
import { statusOf } from "./procs/ready.js";
import { spawnLogged, type Proc } from "./procs/spawn.js";
import type { Measurement, ScenarioFigures } from "./results.js";

export const GATEWAY_ID = "gateway.page";

/**
 * The page through the playground's ingress gateway; or a note on why it was not measured, and
 * whether that is a problem (the playground failed) or only a TODO (it is not built).
 */
export type GatewayOutcome =
  | { figures: ScenarioFigures; note: null; failed: false }
  | { figures: null; note: string; failed: boolean };

/**
 * GET / through the playground at step 2 of the tutorial (ingress gateway → app 1.0 →
 * analytics 1.1 → Redis, each hop through the playground's sidecars), on the bench's own Redis.
 * Its difference from the direct redis.page scenario is what the mesh's hops cost.
 */
export async function measureGateway(
  context: RunContext,
  ceilingRps: number,
): Promise<GatewayOutcome> {
  const main = join(repoRoot(), "packages", "playground", "dist", "main.js");
  if (!existsSync(main)) {
    const note = "TODO: not measured yet; the playground (tools/playground) is not built";
    return { figures: null, note, failed: false };
  }
  const port = await findFreePort();
  const playground = await spawnLogged({
    command: process.execPath,
    args: [
      main,
      "--at-step",
      "2",
      "--port",
      String(port),
      "--control-port",
      String(await findFreePort()),
    ],
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...context.stores.env },
    logFile: join(context.dir, "playground.log"),
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    if (!(await routedToAnalytics11(url, 60_000))) {
      const note = `not measured: the playground did not serve step 2 within 60 s (log: ${await playground.logTail(5)})`;
      return { figures: null, note, failed: true };
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
    const rounds: Measurement[] = [];
    for (let round = 1; round <= context.settings.rounds; round++) {
      rounds.push(
        await measure(
          context,
          target,
          context.settings.durationSec,
          `round ${round} ${GATEWAY_ID}`,
        ),
      );
    }
    return { figures: figuresOf(target, rounds, ceilingRps), note: null, failed: false };
  } finally {
    await stopPlayground(playground);
  }
}

/** Whether the page, through the gateway, shows analytics 1.1's results line before the deadline. */
async function routedToAnalytics11(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await statusOf(url)) === 200) {
      const page = await fetch(url).then(
        (response) => response.text(),
        () => "",
      );
      if (/<div id="results"> [^<]*\/[^<]* <\/div>/.test(page)) return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

// Its pods drain for their grace period on SIGINT, as the playground's Ctrl-C does.
async function stopPlayground(playground: Proc): Promise<void> {
  await playground.stop(30_000, "SIGINT");
}
