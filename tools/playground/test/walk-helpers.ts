import { afterAll, beforeAll, expect } from "vitest";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTestDatabase,
  findFreePort,
  type RunningChild,
  startChild,
  startPrivateRedis,
  type StoreHandle,
  type TestDatabase,
  waitUntil,
} from "@voting/devstack";
import { REPO_ROOT, type WalkAction } from "@voting/manifests";
import { KubectlMissing, runKubectl } from "../src/kubectl.js";
import { kubectlArgs } from "../src/launcher/walk.js";

/** The built entry points the walk runs; `npm test` builds them first. */
export function requireBuild(): void {
  const needed = [
    "tools/playground/dist/main.js",
    "services/voting-app/dist/server.js",
    "services/voting-analytics/dist/server.js",
  ];
  const missing = needed.filter((file) => !existsSync(join(REPO_ROOT, file)));
  if (missing.length > 0)
    throw new Error(`Missing ${missing.join(", ")}: run \`npm run build\` first (npm test does).`);
}

/** A playground started as `npm start` starts it, on a private Redis and a throw-away database. */
export interface PlaygroundProcess {
  /** The ingress, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly control: number;
  /** The live view and Istio's metrics, e.g. `http://127.0.0.1:41236`. */
  readonly viewUrl: string;
  /** The kubeconfig it wrote, in a folder of its own: kubectl's KUBECONFIG for this playground. */
  readonly kubeconfig: string;
  /** Every line it printed so far. */
  readonly output: readonly string[];
  readonly child: RunningChild;
  /** SIGTERM (the pods drain), then the stores go. */
  stop(): Promise<void>;
}

export async function startPlaygroundProcess(
  args: readonly string[],
  prefix = "playground",
): Promise<PlaygroundProcess> {
  requireBuild();
  const redisDir = await mkdtemp(join(tmpdir(), `${prefix}-redis-`));
  const kubeconfig = join(redisDir, "kubeconfig");
  let redis: StoreHandle | undefined;
  let database: TestDatabase | undefined;
  let child: RunningChild | undefined;
  const output: string[] = [];
  const stop = async () => {
    await child?.stop(20_000);
    await Promise.allSettled([redis?.stop(), database?.drop()]);
    await rm(redisDir, { recursive: true, force: true });
  };
  try {
    let control: number;
    [redis, database, control] = await Promise.all([
      findFreePort().then((port) =>
        startPrivateRedis({ port, dataDir: redisDir, appendOnly: false }),
      ),
      createTestDatabase({ prefix }),
      findFreePort(),
    ]);
    const ingress = await findFreePort();
    const view = await findFreePort();
    child = await startChild({
      command: process.execPath,
      // prettier-ignore
      args: [join(REPO_ROOT, "tools/playground/dist/main.js"), ...args, "--port", String(ingress), "--control-port", String(control), "--view-port", String(view), "--mysql-database", database.name, "--kubeconfig", kubeconfig],
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        REDIS_HOST: redis.host,
        REDIS_PORT: String(redis.port),
        MYSQL_HOST: database.host,
        MYSQL_PORT: String(database.port),
        MYSQL_USER: database.user,
        MYSQL_PASSWORD: database.password,
      },
      onLine: (line) => output.push(line),
    });
    const started = child;
    const up = await waitUntil(
      async () =>
        existsSync(kubeconfig) &&
        (await fetch(`http://127.0.0.1:${control}/healthz`).catch(() => undefined))?.status === 200,
      {
        timeoutMs: 15_000,
        giveUp: () =>
          started.alive() ? undefined : `the playground exited:\n${output.join("\n")}`,
      },
    );
    if (!up.ok) throw new Error(up.reason);
    return {
      url: `http://127.0.0.1:${ingress}/`,
      control,
      viewUrl: `http://127.0.0.1:${view}`,
      kubeconfig,
      output,
      child: started,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One kubectl command line, typed in the repository's root with KUBECONFIG=kubeconfig. */
export async function kubectl(kubeconfig: string, ...argv: string[]) {
  let result;
  try {
    result = await runKubectl(argv, { kubeconfig, cwd: REPO_ROOT });
  } catch (error) {
    if (error instanceof KubectlMissing)
      throw new Error(`The walk runs the real kubectl, as a learner does: ${error.message}.`, {
        cause: error,
      });
    throw error;
  }
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");
  return { code: result.code, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

export interface PodRow {
  name: string;
  ready: string;
  status: string;
  app: string;
  version: string;
}

/** `get pods` with the app and version labels as columns, read as a learner reads it. */
export async function getPods(kubeconfig: string): Promise<PodRow[]> {
  const { stdout } = await kubectl(kubeconfig, "get", "pods", "-n", "voting", "-L", "app,version");
  return stdout.slice(1).map((line) => {
    const [name = "", ready = "", status = "", , , app = "", version = ""] = line.split(/\s+/);
    return { name, ready, status, app, version };
  });
}

/** Waits until `get pods` shows what `done` wants; fails showing the last listing. */
export async function waitForPods(
  kubeconfig: string,
  done: (pods: PodRow[]) => boolean,
  timeoutMs = 40_000,
): Promise<PodRow[]> {
  let pods: PodRow[] = [];
  await expect
    .poll(
      async () => {
        pods = await getPods(kubeconfig);
        return pods;
      },
      { timeout: timeoutMs, interval: 200 },
    )
    .toSatisfy(done);
  return pods;
}

/**
 * Where the service pods answer on this machine (the IP column of `get pods -o wide`), by
 * label selector; storage pods, whose address is a store's, are left out.
 */
export async function servicePodPorts(kubeconfig: string, selector: string): Promise<number[]> {
  const { stdout } = await kubectl(
    kubeconfig,
    "get",
    "pods",
    "-n",
    "voting",
    "-l",
    selector,
    "-o",
    "wide",
  );
  return stdout.slice(1).flatMap((line) => {
    const port = /\s127\.0\.0\.1:(\d+)\s/.exec(line)?.[1];
    return port && !/\s(redis|mysql) 127/.test(line) ? [Number(port)] : [];
  });
}

export const allRunning = (pods: PodRow[], ready = "2/2") =>
  pods.every((pod) => pod.status === "Running" && pod.ready === ready);

/** A page as the tutorial's loop and footer show it. */
export interface Page {
  status: number;
  results: string | undefined;
  appVersion: string | undefined;
  analyticsVersion: string | undefined;
  host: string | undefined;
  store: string | undefined;
}

/** `for i in {1..N}; do curl -si $INGRESS | grep results; done`, keeping the footer too. */
export async function loop(url: string, times: number, cookie?: string): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < times; i++) {
    const response = await fetch(url, { headers: cookie ? { cookie } : {} });
    const html = await response.text();
    pages.push({
      status: response.status,
      results: /^\s*(<div id="results">.*<\/div>)\s*$/m.exec(html)?.[1],
      appVersion: /data-app-version="([^"]+)"/.exec(html)?.[1],
      analyticsVersion: /data-analytics-version="([^"]+)"/.exec(html)?.[1],
      host: /host <strong>([^<]+)<\/strong>/.exec(html)?.[1],
      store: /store <strong>([^<]+)<\/strong>/.exec(html)?.[1],
    });
  }
  return pages;
}

export async function vote(url: string, choice: string, cookie?: string): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ vote: choice }),
  });
  if (response.status !== 302 && response.status !== 303)
    throw new Error(`vote ${choice} answered ${response.status}`);
}

/** Types the kubectl commands of one step of a walk, as a learner would; throws if one fails. */
export async function walkStep(
  kubeconfig: string,
  walk: readonly WalkAction[],
  step: number,
): Promise<string[]> {
  const printed: string[] = [];
  for (const action of walk.filter((entry) => entry.step === step)) {
    const argv = kubectlArgs(action);
    const result = await kubectl(kubeconfig, ...argv);
    if (result.code !== 0)
      throw new Error(`kubectl ${argv.join(" ")}: ${result.stderr.join("; ")}`);
    printed.push(...result.stdout);
  }
  return printed;
}

/** The results line of each analytics version, with no vote cast yet. */
export const EMPTY_1_0 = '<div id="results"> Cats: 0 | Dogs: 0 </div>';
export const EMPTY_1_1 = '<div id="results"> Cats: 0/0 (0%) | Dogs: 0/0 (0%) </div>';

/** `[app version, results line]` of each page. */
export const versions = (pages: Page[]) =>
  pages.map((page) => [page.status, page.appVersion, page.results]);

/**
 * One playground for a test file's walk: started before its tests (with `argv`, its MySQL votes
 * in `database`) and stopped after them. The getter gives the running playground.
 */
export function usePlayground(argv: string[], database: string): () => PlaygroundProcess {
  let playground: PlaygroundProcess | undefined;
  beforeAll(async () => {
    playground = await startPlaygroundProcess(argv, database);
  });
  afterAll(async () => {
    await playground?.stop();
  }, 30_000);
  return () => {
    if (!playground) throw new Error("the playground did not start");
    return playground;
  };
}

/** Step 2 of a walk: analytics 1.1 joins, and the routing pins app 1.0 to it: only its text. */
export async function expectStep2ShowsOnly11(
  playground: PlaygroundProcess,
  walk: readonly WalkAction[],
): Promise<void> {
  await walkStep(playground.kubeconfig, walk, 2);
  await waitForPods(playground.kubeconfig, (pods) => pods.length === 6 && allRunning(pods));
  const pages = await loop(playground.url, 8);
  expect(pages.map((page) => [page.analyticsVersion, page.results])).toEqual(
    Array(8).fill(["1.1", EMPTY_1_1]),
  );
}

/** Step 3 of a walk: the 2.0 chain arrives; `cookie` gets app 2.0, no cookie app 1.0. */
export async function expectStep3SplitsByCookie(
  playground: PlaygroundProcess,
  walk: readonly WalkAction[],
  cookie = "featureflag=on",
): Promise<void> {
  await walkStep(playground.kubeconfig, walk, 3);
  await waitForPods(playground.kubeconfig, (pods) => pods.length === 11 && allRunning(pods));
  expect(versions(await loop(playground.url, 4, cookie))).toEqual(
    Array(4).fill([200, "2.0", EMPTY_1_1]),
  );
  expect(versions(await loop(playground.url, 4))).toEqual(Array(4).fill([200, "1.0", EMPTY_1_1]));
}

/** After step 4's delete: only the 2.0 pods are left, one storage, one analytics, three apps. */
export async function expectOnly20PodsLeft(kubeconfig: string): Promise<void> {
  // The old pods drain (SHUTDOWN_DELAY_MS) before they go, as they would in the cluster.
  const left = await waitForPods(
    kubeconfig,
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
}
