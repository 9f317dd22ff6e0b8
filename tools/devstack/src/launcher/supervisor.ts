import {
  describeExit,
  startChild,
  type ChildExit,
  type ChildSpec,
  type RunningChild,
} from "../process/child.js";

export interface ServiceSpec {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ServiceExit {
  name: string;
  exit: ChildExit;
  /** "voting-app exited with code 1" */
  description: string;
}

export interface Supervisor {
  /** Starts a service, as a child that dies with this process. */
  start(spec: ServiceSpec): Promise<RunningChild>;
  /** Why the named service is gone, if it is; for readiness waits to give up early. */
  exitOf(name: string): ServiceExit | undefined;
  /** Settles with the first service that exits on its own (not through stopAll). */
  readonly firstExit: Promise<ServiceExit>;
  /** SIGTERM to all services, the last started first; SIGKILL to any still there after `graceMs`. */
  stopAll(graceMs: number): Promise<void>;
}

export interface SupervisorOptions {
  /**
   * Where the services' output goes: this process's own stdout and stderr (the default), so
   * their log lines reach the terminal without passing through this process; or a file.
   */
  output?: Exclude<ChildSpec["output"], "lines">;
}

export function createSupervisor(options: SupervisorOptions = {}): Supervisor {
  const children: RunningChild[] = [];
  const exits = new Map<string, ServiceExit>();
  let stopping = false;
  let reportExit: (exit: ServiceExit) => void = () => {};
  const firstExit = new Promise<ServiceExit>((resolve) => (reportExit = resolve));

  return {
    async start(spec) {
      const child = await startChild({ ...spec, output: options.output ?? "inherit" });
      children.push(child);
      void child.exited.then((exit) => {
        const record = { name: spec.name, exit, description: `${spec.name} ${describeExit(exit)}` };
        exits.set(spec.name, record);
        if (!stopping) reportExit(record);
      });
      return child;
    },
    exitOf: (name) => exits.get(name),
    firstExit,
    async stopAll(graceMs) {
      stopping = true;
      for (const child of [...children].reverse()) await child.stop(graceMs);
    },
  };
}
