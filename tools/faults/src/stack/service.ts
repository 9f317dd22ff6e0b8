import {
  type ChildExit,
  describeExit,
  findFreePort,
  imageCommand,
  type ServiceName,
  startChild,
  waitForReady,
} from "@voting/devstack";

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
  const child = await startChild(
    imageCommand(spec.service, { LOG_LEVEL: "error", ...spec.env, PORT: String(port) }),
  );
  let exit: ChildExit | undefined;
  void child.exited.then((how) => (exit = how));
  const origin = `http://127.0.0.1:${port}`;
  const ready = await waitForReady({
    url: `${origin}/readyz`,
    timeoutMs: spec.readyTimeoutMs ?? 20_000,
    intervalMs: 50,
    giveUp: () => exit && describeExit(exit),
  });
  if (!ready.ok) {
    await child.stop(2000);
    throw new Error(
      [`${spec.service} ${ready.reason} (port ${port}).`, "Its last output:", ...child.tail()].join(
        "\n",
      ),
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
