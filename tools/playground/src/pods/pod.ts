import type { RunningChild } from "@voting/devstack";
import type { Labels } from "@voting/mesh";
import type { ImageLookup, ImageRole, ServiceName } from "../images.js";
import type { SecretData } from "../secrets.js";
import { resolveEnv } from "../secrets.js";
import type { Address } from "../traffic/address.js";
import type { RoutablePod } from "../traffic/routing.js";
import type { Sidecar } from "../traffic/sidecar.js";
import type { Workload } from "../workload.js";
import type { LocalStores } from "./local-stores.js";
import { serviceImageEnv } from "./image-env.js";
import { findUpstreams, pointAtSidecar, type Upstream } from "./upstreams.js";

/** Starts a service's process with an environment, passing each line it prints to `onLine`. */
export type StartService = (
  service: ServiceName,
  env: Record<string, string>,
  onLine: (line: string) => void,
) => Promise<RunningChild>;

export type PodStatus =
  | "Pending"
  | "ContainerCreating"
  | "Running"
  | "CreateContainerConfigError"
  | "ErrImagePull"
  | "Error"
  | "CrashLoopBackOff"
  | "Terminating";

/** A pod as `get pods` shows it. */
export interface PodView {
  readonly name: string;
  readonly deployment: string;
  readonly labels: Labels;
  readonly status: PodStatus;
  /** Containers ready, of `containers`: the service (or store), and its sidecar if it has one. */
  readonly readyContainers: number;
  /** 2 with a sidecar, 1 without. */
  readonly containers: number;
  readonly restarts: number;
  readonly createdAt: number;
  /** What answers for the pod on this machine: `127.0.0.1:41234`, `redis 127.0.0.1:6379`. */
  readonly address: string | undefined;
  /** Why it is not running, when it is not. */
  readonly message: string | undefined;
}

export interface Pod extends RoutablePod {
  readonly deployment: string;
  readonly templateHash: string;
  readonly createdAt: number;
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly status: PodStatus;
  view(): PodView;
  /** Starts the pod's containers in the background. */
  start(): void;
  /** Tries again to start a pod stuck on its configuration (a Secret that was missing). */
  retry(): void;
  /** Stops it within its grace period; resolves once it is gone. */
  terminate(): Promise<void>;
  logs(): readonly string[];
}

export interface PodDeps {
  namespace: string;
  image: (reference: string) => ImageLookup;
  secretOf: (name: string) => SecretData | undefined;
  isService: (host: string) => boolean;
  /** The pod's outbound proxy: its sidecar, or the plain Service routing of a pod without one. */
  sidecar: (pod: { name: string; labels: Labels; injected: boolean }) => Sidecar;
  stores: LocalStores;
  /** Starts a service image's process with this environment. */
  startService: StartService;
  findFreePort: () => Promise<number>;
  /** Whether the service answers its readiness check (`/readyz`). */
  isReady: (address: Address) => Promise<boolean>;
  /** Told whenever the pod's status, readiness or existence changes. */
  onChange: () => void;
  log: (message: string) => void;
  /** Serve this database whatever MYSQL_DATABASE says. */
  database?: string;
  /** Base environment of every container (PATH). */
  baseEnv: Readonly<Record<string, string>>;
  probeIntervalMs: number;
  backoffMs: (restarts: number) => number;
}

const LOG_LINES = 200;

export function createPod(
  spec: {
    name: string;
    workload: Workload;
    /** Whether the injection webhook gave it a sidecar (decided once, when it is created). */
    injected?: boolean;
  },
  deps: PodDeps,
): Pod {
  const { workload } = spec;
  const injected = spec.injected ?? true;
  const createdAt = Date.now();
  const addresses = new Map<number, Address>();
  const output: string[] = [];
  let status: PodStatus = "Pending";
  let message: string | undefined;
  let role: ImageRole | undefined;
  let ready = false;
  let terminating = false;
  let restarts = 0;
  let running: Promise<void> | undefined;
  let child: RunningChild | undefined;
  let sidecar: Sidecar | undefined;
  let listeners: { upstream: Upstream; port: number }[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  let gone: Promise<void> | undefined;

  const set = (next: PodStatus, why?: string) => {
    const changed = next !== status || why !== message;
    status = next;
    message = why;
    if (changed) deps.onChange();
  };
  const setReady = (next: boolean) => {
    if (next === ready) return;
    ready = next;
    if (!terminating) deps.log(`pod/${spec.name} ${next ? "ready" : "not ready"}`);
    deps.onChange();
  };
  let written = 0;
  const remember = (line: string) => {
    written += 1;
    output.push(line);
    if (output.length > LOG_LINES) output.shift();
  };
  const later = (ms: number, action: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(action, ms);
  };
  const crashed = (why: string) => {
    restarts += 1;
    // The first failure shows as Error; from then on Kubernetes waits longer each time, and says so.
    set(restarts > 1 ? "CrashLoopBackOff" : "Error", why);
    deps.log(`pod/${spec.name} ${why}`);
    later(deps.backoffMs(restarts), start);
  };

  const probe = async () => {
    const address = addresses.values().next().value;
    if (terminating || !child?.alive() || !address) return;
    const answered = await deps.isReady(address).catch(() => false);
    if (terminating || !child?.alive()) return;
    setReady(answered);
    later(ready ? deps.probeIntervalMs * 4 : deps.probeIntervalMs, () => void probe());
  };

  const runService = async (service: ServiceName, env: Record<string, string>) => {
    if (!sidecar) {
      sidecar = deps.sidecar({ name: spec.name, labels: workload.podLabels, injected });
      const found = findUpstreams(env, deps.isService);
      listeners = await Promise.all(
        found.map(async (upstream) => ({ upstream, port: await sidecar!.listen(upstream) })),
      );
      // The container's own port, served at a free port of this machine.
      addresses.set(Number(env.PORT || 8080), {
        host: "127.0.0.1",
        port: await deps.findFreePort(),
      });
    }
    const local = [...addresses.values()][0]!;
    if (terminating) return;
    const processEnv = {
      ...deps.baseEnv,
      ...pointAtSidecar(env, listeners ?? []),
      PORT: String(local.port),
    };
    // The message of a crash quotes this run's last lines, not an earlier run's.
    const firstLine = written;
    const started = await deps.startService(service, processEnv, remember);
    child = started;
    if (terminating) return;
    set("Running");
    void probe();
    void started.exited.then((exit) => {
      if (terminating || child !== started) return;
      setReady(false);
      const tail = output.slice(output.length - Math.min(2, written - firstLine)).join(" | ");
      crashed(`exited with ${exit.signal ?? `code ${exit.code}`}${tail ? `: ${tail}` : ""}`);
    });
  };

  const runStore = async (store: "redis" | "mysql", env: Record<string, string>) => {
    try {
      if (store === "redis") addresses.set(6379, await deps.stores.redis());
      else addresses.set(3306, await deps.stores.mysql(env));
    } catch (error) {
      crashed(`could not start: ${(error as Error).message}`);
      return;
    }
    if (terminating) return;
    set("Running");
    setReady(true);
  };

  const run = async () => {
    if (status === "Pending" || status === "CreateContainerConfigError") set("ContainerCreating");
    const resolved = resolveEnv(workload.container.env, deps.secretOf, deps.namespace);
    if (!resolved.ok) return set("CreateContainerConfigError", resolved.reason);
    const image = deps.image(workload.container.image);
    if (!image.ok) return set("ErrImagePull", image.reason);
    role = image.role;
    const env: Record<string, string> = {
      SERVICE_VERSION: role.version,
      ...(role.kind === "service" ? serviceImageEnv(role.service) : {}),
      HOSTNAME: spec.name,
      ...resolved.env,
    };
    if (deps.database && env.MYSQL_DATABASE) env.MYSQL_DATABASE = deps.database;
    if (role.kind === "service") await runService(role.service, env);
    else await runStore(role.store, env);
  };

  function start() {
    if (running || terminating) return;
    running = run()
      .catch((error: unknown) => crashed(`could not start: ${(error as Error).message}`))
      .finally(() => (running = undefined));
  }

  return {
    name: spec.name,
    namespace: deps.namespace,
    labels: workload.podLabels,
    ports: workload.container.ports,
    sidecar: injected,
    deployment: workload.name,
    templateHash: workload.templateHash,
    createdAt,
    get ready() {
      return ready;
    },
    get routable() {
      return ready && !terminating;
    },
    get terminating() {
      return terminating;
    },
    get status() {
      return status;
    },
    address: (containerPort) => addresses.get(containerPort),
    view: () => {
      const first = [...addresses.values()][0];
      const store = role?.kind === "store" ? `${role.store} ` : "";
      const sidecarUp = role?.kind === "store" || sidecar !== undefined;
      return {
        name: spec.name,
        deployment: workload.name,
        labels: workload.podLabels,
        status,
        readyContainers: (ready ? 1 : 0) + (injected && sidecarUp && !terminating ? 1 : 0),
        containers: injected ? 2 : 1,
        restarts,
        createdAt,
        address: first ? `${store}${first.host}:${first.port}` : undefined,
        message,
      };
    },
    start,
    retry: () => {
      if (status === "CreateContainerConfigError") start();
    },
    terminate() {
      gone ??= (async () => {
        terminating = true;
        clearTimeout(timer);
        set("Terminating");
        setReady(false);
        await running;
        await child?.stop(workload.graceMs);
        await sidecar?.close();
      })();
      return gone;
    },
    logs: () => [...output],
  };
}
