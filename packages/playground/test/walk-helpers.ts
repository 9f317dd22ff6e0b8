import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@voting/manifests";
import { runKubectl } from "../src/kubectl/run.js";

/** The built entry points the walk runs; `npm test` builds them first. */
export function requireBuild(): void {
  const needed = [
    "packages/playground/dist/main.js",
    "services/voting-app/dist/server.js",
    "services/voting-analytics/dist/server.js",
  ];
  const missing = needed.filter((file) => !existsSync(join(REPO_ROOT, file)));
  if (missing.length > 0)
    throw new Error(`Missing ${missing.join(", ")}: run \`npm run build\` first (npm test does).`);
}

/** One command line, run as `npm run <verb> -- ...` runs it, from the repository's root. */
export async function kubectl(controlPort: number, ...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runKubectl(argv, {
    cwd: REPO_ROOT,
    env: { PLAYGROUND_CONTROL_PORT: String(controlPort) },
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
  });
  return { code, stdout, stderr };
}

export interface PodRow {
  name: string;
  ready: string;
  status: string;
  app: string;
  version: string;
}

/** `get pods`, read as a learner reads it. */
export async function getPods(controlPort: number): Promise<PodRow[]> {
  const { stdout } = await kubectl(controlPort, "get", "pods", "-n", "voting");
  return stdout.slice(1).map((line) => {
    const [name = "", ready = "", status = "", , , app = "", version = ""] = line.split(/\s+/);
    return { name, ready, status, app, version };
  });
}

/** Waits until `get pods` shows what `done` wants, or fails with the last listing. */
export async function waitForPods(
  controlPort: number,
  done: (pods: PodRow[]) => boolean,
  timeoutMs = 40_000,
): Promise<PodRow[]> {
  const deadline = Date.now() + timeoutMs;
  let pods: PodRow[] = [];
  while (Date.now() < deadline) {
    pods = await getPods(controlPort);
    if (done(pods)) return pods;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `pods not as expected after ${timeoutMs} ms:\n${pods.map((pod) => JSON.stringify(pod)).join("\n")}`,
  );
}

export const allRunning = (pods: PodRow[]) =>
  pods.every((pod) => pod.status === "Running" && pod.ready === "2/2");

/** A page as the tutorial's loop and footer show it. */
export interface Page {
  status: number;
  results: string | undefined;
  appVersion: string | undefined;
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
