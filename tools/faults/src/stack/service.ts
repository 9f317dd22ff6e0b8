import { imageNodeEnv, SERVICE_NODE_FLAGS } from "@voting/common/heap";
import { type ChildExit, describeExit, findFreePort, startChild } from "@voting/devstack";
import { waitFor } from "../load/clock.js";
import { entryPoint, type ServiceName } from "./built.js";

/** A service running as its own process from dist/, as in a pod. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly port: number;
  readonly origin: string;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  alive(): boolean;
  /** SIGTERM, SIGKILL, SIGSTOP, SIGCONT... */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, SIGKILL after a grace period; resolves with how it exited. */
  stop(): Promise<ChildExit>;
  /** Its last lines of output, for failure messages. */
  tail(): string[];
}

export interface ServiceSpec {
  service: ServiceName;
  /** Its variables (SERVICE_VERSION, stores, ...); PORT is added. */
  env: Record<string, string>;
  /** Default: a free port. Given when a service comes back where it was. */
  port?: number;
  readyTimeoutMs?: number;
}

/** Starts the service as its image does and waits until its /readyz answers 200. */
export async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  const port = spec.port ?? (await findFreePort());
  const child = await startChild({
    command: process.execPath,
    args: [...SERVICE_NODE_FLAGS, entryPoint(spec.service)],
    // Only what the service needs: nothing from the caller's environment leaks in.
    env: {
      PATH: process.env.PATH ?? "",
      ...imageNodeEnv(spec.service),
      LOG_LEVEL: "error",
      ...spec.env,
      PORT: String(port),
    },
  });
  let exit: ChildExit | undefined;
  void child.exited.then((how) => (exit = how));
  const origin = `http://127.0.0.1:${port}`;
  const ready = await waitFor(async () => {
    if (exit) return true;
    try {
      const response = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      return false;
    }
  }, spec.readyTimeoutMs ?? 20_000);
  if (exit || ready === null) {
    await child.stop(2000);
    const why = exit ? describeExit(exit) : "was not ready in time";
    throw new Error(
      [`${spec.service} ${why} (port ${port}).`, "Its last output:", ...child.tail()].join("\n"),
    );
  }
  return {
    name: spec.service,
    port,
    origin,
    pid: child.pid,
    exited: child.exited,
    alive: child.alive,
    signal: child.signal,
    stop: () => child.stop(5000),
    tail: child.tail,
  };
}
