import { TUTORIAL_WALKS } from "@voting/manifests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allRunning,
  EMPTY_1_0,
  EMPTY_1_1,
  kubectl,
  loop,
  type PlaygroundProcess,
  startPlaygroundProcess,
  versions,
  waitForPods,
  walkStep,
} from "./walk-helpers.js";

// The tutorial with the Kubernetes Gateway API at the ingress (a Gateway and HTTPRoutes), on
// the AKS add-on: the start-up walk labels the namespace and applies step 1 by itself.
const WALK = TUTORIAL_WALKS["gateway-api"];
let playground: PlaygroundProcess;
const run = (...argv: string[]) => kubectl(playground.control, ...argv);

beforeAll(async () => {
  playground = await startPlaygroundProcess(
    ["--install", "aks-addon", "--gateway-api"],
    "pg_gwapi",
  );
});

afterAll(async () => {
  await playground?.stop();
}, 30_000);

describe("the tutorial with the Gateway API", () => {
  it("when npm start is given --install aks-addon --gateway-api, then it labels the namespace, applies the Gateway API's step 1 and app 1.0 answers", async () => {
    await expect
      .poll(() => playground.output.join("\n"), { timeout: 15_000 })
      .toContain("Applied the tutorial up to step 1 (aks-addon, Gateway API).");
    const commands = playground.output.filter((line) => line.startsWith("$ "));
    expect(commands).toEqual([
      "$ npm run label -- namespace voting istio.io/rev=asm-1-28",
      "$ npm run apply -- -f k8s/step-1-create-voting-app.yaml --namespace voting",
      "$ npm run apply -- -f gateway-api/step-1-create-voting-app-gateway.yaml --namespace voting",
    ]);
    expect(playground.output).toContain(
      "playground | Istio install: aks-addon (the AKS Istio add-on, revision asm-1-28, external ingress gateway).",
    );
    await waitForPods(playground.control, (pods) => pods.length === 5 && allRunning(pods));
    expect(versions(await loop(playground.url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_0]));
    expect((await run("get", "httproutes")).stdout[1]).toMatch(/^voting-app\s/);
  }, 60_000);

  it("when step 2 is applied, then the loop shows only the 1.1 text", async () => {
    await walkStep(playground.control, WALK, 2);
    await waitForPods(playground.control, (pods) => pods.length === 6 && allRunning(pods));
    const pages = await loop(playground.url, 8);
    expect(pages.map((page) => [page.analyticsVersion, page.results])).toEqual(
      Array(8).fill(["1.1", EMPTY_1_1]),
    );
  }, 60_000);

  it("when step 3 is applied, then the HTTPRoute sends the cookie featureflag=on to app 2.0 and no cookie to 1.0", async () => {
    await walkStep(playground.control, WALK, 3);
    await waitForPods(playground.control, (pods) => pods.length === 11 && allRunning(pods));
    expect(versions(await loop(playground.url, 4, "featureflag=on"))).toEqual(
      Array(4).fill([200, "2.0", EMPTY_1_1]),
    );
    expect(versions(await loop(playground.url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_1]));
    // The regex wants the whole cookie: a look-alike is not the flag.
    expect(versions(await loop(playground.url, 4, "featureflag=onion"))).toEqual(
      Array(4).fill([200, "1.0", EMPTY_1_1]),
    );
  }, 60_000);

  it("when step 4 is applied, then everyone gets app 2.0", async () => {
    await walkStep(playground.control, WALK, 4);
    expect(versions(await loop(playground.url, 5))).toEqual(Array(5).fill([200, "2.0", EMPTY_1_1]));
    const left = await waitForPods(
      playground.control,
      (pods) => pods.every((pod) => pod.version === "2.0"),
      20_000,
    );
    expect(left.map((pod) => pod.app).sort()).toEqual([
      "voting-analytics",
      "voting-app",
      "voting-app",
      "voting-app",
      "voting-storage",
    ]);
  }, 60_000);
});
