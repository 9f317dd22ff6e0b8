import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningChild } from "@voting/devstack";
import { findFreePort } from "@voting/devstack";
import { loadImageList, REPO_ROOT } from "@voting/manifests";
import type { InstallName } from "../src/install.js";
import { writeKubeconfig } from "../src/kubeconfig.js";
import { type Playground, startPlayground } from "../src/playground.js";
import { kubectl } from "./walk-helpers.js";

/** A service "process" that never exits on its own; `print` makes it write a log line. */
function fakeService(lines: ((line: string) => void)[]) {
  return async (_service: string, _env: Record<string, string>, logFile: string) => {
    const write = (line: string) => appendFileSync(logFile, `${line}\n`);
    write("listening");
    lines.push(write);
    let exited: (exit: { code: number; signal: null }) => void = () => {};
    const child: RunningChild = {
      pid: 0,
      exited: new Promise((resolve) => (exited = resolve)),
      alive: () => true,
      signal: () => {},
      stop: async () => {
        // A stopped process writes no more, and its pod's log file goes with the pod.
        lines.splice(lines.indexOf(write), 1);
        const exit = { code: 0, signal: null };
        exited(exit);
        return exit;
      },
      tail: () => [],
    };
    return child;
  };
}

/**
 * A whole playground in this process, its pods' services and stores faked (every pod is ready
 * at once), with a kubeconfig of its own: the real kubectl against the real API, in seconds.
 */
export async function startInProcessPlayground(install: InstallName = "istioctl") {
  const folder = await mkdtemp(join(tmpdir(), "playground-api-"));
  const kubeconfig = join(folder, "kubeconfig");
  const loggers: ((line: string) => void)[] = [];
  const log: string[] = [];
  const controlPort = await findFreePort();
  const fakeStore = async (endpoint: { host: string; port: number }) => ({
    ...endpoint,
    user: "root",
    password: "",
    handle: undefined,
    release: async () => {},
  });
  const playground: Playground = await startPlayground(
    {
      ingressPort: await findFreePort(),
      controlPort,
      stores: {
        redis: { host: "127.0.0.1", port: 6379 },
        mysql: { host: "127.0.0.1", port: 3306, user: "root", password: "" },
      },
      install,
    },
    {
      log: (line) => log.push(line),
      ensureRedis: fakeStore,
      ensureMysql: fakeStore,
      prepareDatabase: async () => {},
      run: async () => {},
      startService: fakeService(loggers),
      findFreePort,
      isReady: async () => true,
      knownImages: loadImageList(REPO_ROOT),
      baseEnv: {},
    },
  );
  writeKubeconfig(kubeconfig, playground.apiUrl, "voting");
  return {
    kubeconfig,
    apiUrl: playground.apiUrl,
    log,
    run: (...argv: string[]) => kubectl(kubeconfig, ...argv),
    /** Makes every running service write `line`. */
    print: (line: string) => loggers.forEach((write) => write(line)),
    async stop() {
      await playground.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
