import { join } from "node:path";
import {
  type ChildExit,
  describeExit,
  findFreePort,
  type ServiceCommand,
  startChild,
  waitForReady,
} from "@voting/devstack";

export interface ServiceSpec extends ServiceCommand {
  /** For reports and log file names: "app-1.0". */
  name: string;
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

/**
 * Starts a process on a free loopback port, its output straight to a log file, and waits until
 * it is ready. The services log a line per request: piping that through the bench would make it
 * read tens of thousands of lines a second on the same cores it is measuring.
 */
export async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = await startChild({
    command: spec.command,
    args: spec.args,
    env: { ...spec.env, PORT: String(port) },
    output: { file: join(spec.dir, `${spec.name}.log`) },
  });
  let exit: ChildExit | undefined;
  void child.exited.then((how) => (exit = how));
  // Every 5 ms, so that the start-up time is not rounded up to the next poll.
  const ready = await waitForReady({
    url: url + (spec.readyPath ?? "/readyz"),
    timeoutMs: 15_000,
    intervalMs: 5,
    giveUp: () => exit && `the process ${describeExit(exit)}`,
  });
  if (!ready.ok) {
    await child.stop(5000);
    throw new Error(`${spec.name} did not start: ${ready.reason}\n${child.tail().join("\n")}`);
  }
  const readyMs = performance.now() - startedAt;
  return {
    name: spec.name,
    pid: child.pid,
    url,
    readyMs,
    stop: async () => void (await child.stop(5000)),
  };
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
