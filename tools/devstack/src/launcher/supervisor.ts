import { describeExit, startChild, type ChildExit, type RunningChild } from "../process/child.js";

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
  /** Starts a service; its output goes to `output`, each line prefixed with its name. */
  start(spec: ServiceSpec): Promise<RunningChild>;
  /** Why the named service is gone, if it is; for readiness waits to give up early. */
  exitOf(name: string): ServiceExit | undefined;
  /** Settles with the first service that exits on its own (not through stopAll). */
  readonly firstExit: Promise<ServiceExit>;
  /** SIGTERM to all services, the last started first; SIGKILL to any still there after `graceMs`. */
  stopAll(graceMs: number): Promise<void>;
}

export interface SupervisorDeps {
  /** Where the services' lines go (stdout). */
  output: (line: string) => void;
  /** Width of the name column, so the lines of all services line up. */
  nameWidth?: number;
}

export function createSupervisor(deps: SupervisorDeps): Supervisor {
  const children: { name: string; child: RunningChild }[] = [];
  const exits = new Map<string, ServiceExit>();
  let stopping = false;
  let reportExit: (exit: ServiceExit) => void = () => {};
  const firstExit = new Promise<ServiceExit>((resolve) => (reportExit = resolve));

  return {
    async start(spec) {
      const prefix = `${spec.name.padEnd(deps.nameWidth ?? spec.name.length)} | `;
      const child = await startChild({
        command: spec.command,
        args: spec.args,
        env: spec.env,
        cwd: spec.cwd,
        onLine: (line) => deps.output(prefix + line),
      });
      children.push({ name: spec.name, child });
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
      for (const { child } of [...children].reverse()) await child.stop(graceMs);
    },
  };
}
