import { join } from "node:path";
import { findFreePort } from "@voting/devstack";
import { waitFor200 } from "./ready.js";
import { spawnLogged } from "./spawn.js";

export interface ServiceSpec {
  /** For reports and log file names: "app-1.0". */
  name: string;
  /** The compiled entry point to run with node. */
  script: string;
  /** Node's own flags, before the entry point. */
  nodeFlags?: readonly string[];
  /** The service's own variables; PORT is added. */
  env: Record<string, string>;
  /** Where its log file goes. */
  dir: string;
  /** The path that answers 200 once it can serve. */
  readyPath?: string;
}

export interface ServiceProcess {
  name: string;
  pid: number;
  url: string;
  /** From spawning the process to the first 200 on its ready path. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Starts a service as its own node process on a free loopback port and waits until it is ready. */
export async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const proc = await spawnLogged({
    command: process.execPath,
    args: [...(spec.nodeFlags ?? []), spec.script],
    // Only what the service needs, so nothing from the caller's shell changes the figures.
    env: { PATH: process.env.PATH ?? "", ...spec.env, PORT: String(port) },
    logFile: join(spec.dir, `${spec.name}.log`),
  });
  let exited: string | undefined;
  void proc.exited.then((how) => (exited = how));
  try {
    const readyMs = await waitFor200(url + (spec.readyPath ?? "/readyz"), startedAt, {
      timeoutMs: 15_000,
      gone: () => exited,
    });
    return { name: spec.name, pid: proc.pid, url, readyMs, stop: () => proc.stop() };
  } catch (error) {
    await proc.stop();
    const tail = await proc.logTail();
    throw new Error(`${spec.name} did not start: ${(error as Error).message}\n${tail}`, {
      cause: error,
    });
  }
}

/** A front service and the analytics service it calls, each a process of its own. */
export interface ServicePair {
  app: ServiceProcess;
  analytics: ServiceProcess;
  /** The front first, so that it never calls an analytics that is gone. */
  stop(): Promise<void>;
}

/** Starts analytics, then the front pointed at it; a front that fails to start stops both. */
export async function startPair(
  analyticsSpec: ServiceSpec,
  appSpec: (analytics: ServiceProcess) => ServiceSpec,
): Promise<ServicePair> {
  const analytics = await startService(analyticsSpec);
  const app = await startService(appSpec(analytics)).catch(async (error: unknown) => {
    await analytics.stop();
    throw error;
  });
  return {
    app,
    analytics,
    stop: async () => {
      await app.stop();
      await analytics.stop();
    },
  };
}
