import { join } from "node:path";
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
import { createPodLog, type PodLog } from "./pod-log.js";
import { findUpstreams, pointAtSidecar, type Upstream } from "./upstreams.js";

/** Starts a service's process with an environment, passing each line it prints to `onLine`. */
/** Starts a service image's process, its stdout and stderr appended to `logFile`. */
export type StartService = (
  service: ServiceName,
  env: Record<string, string>,
  logFile: string,
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
  /** The manifest's one container (the sidecar is the playground's). */
  readonly container: { readonly name: string; readonly image: string };
  /** How long it has to stop once told to (terminationGracePeriodSeconds). */
  readonly graceMs: number;
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
  /** Calls `onLine` with each line its container prints from now on, `onEnd` once it is gone. */
  follow(onLine: (line: string) => void, onEnd: () => void): () => void;
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
  /** Where the containers' log files go, a folder per pod as the kubelet's /var/log/pods. */
  logDir: string;
  /** Print every line the pod's container writes, through `log`. */
  printLogs?: boolean;
  /** Base environment of every container (PATH). */
  baseEnv: Readonly<Record<string, string>>;
  probeIntervalMs: number;
  backoffMs: (restarts: number) => number;
}

export interface PodSpec {
  name: string;
  workload: Workload;
  /** Whether the injection webhook gave it a sidecar (decided once, when it is created). */
  injected?: boolean;
}

/**
 * What the kubelet knows of one pod while it runs: its status and readiness, and the pieces it
 * started. The functions below move it from one status to the next.
 */
interface Kubelet {
  readonly spec: PodSpec & { injected: boolean };
  readonly deps: PodDeps;
  readonly output: PodLog;
  /** The container's ports, each served at an address of this machine. */
  readonly addresses: Map<number, Address>;
  status: PodStatus;
  message: string | undefined;
  role: ImageRole | undefined;
  ready: boolean;
  terminating: boolean;
  restarts: number;
  child: RunningChild | undefined;
  sidecar: Sidecar | undefined;
  listeners: { upstream: Upstream; port: number }[];
  timer: NodeJS.Timeout | undefined;
  /** Starts the containers again (after a crash's back-off). */
  restart: () => void;
}

function setStatus(pod: Kubelet, next: PodStatus, why?: string): void {
  const changed = next !== pod.status || why !== pod.message;
  pod.status = next;
  pod.message = why;
  if (changed) pod.deps.onChange();
}

function setReady(pod: Kubelet, next: boolean): void {
  if (next === pod.ready) return;
  pod.ready = next;
  if (!pod.terminating) pod.deps.log(`pod/${pod.spec.name} ${next ? "ready" : "not ready"}`);
  pod.deps.onChange();
}

function later(pod: Kubelet, ms: number, action: () => void): void {
  clearTimeout(pod.timer);
  pod.timer = setTimeout(action, ms);
}

function crashed(pod: Kubelet, why: string): void {
  pod.restarts += 1;
  // The first failure shows as Error; from then on Kubernetes waits longer each time, and says so.
  setStatus(pod, pod.restarts > 1 ? "CrashLoopBackOff" : "Error", why);
  pod.deps.log(`pod/${pod.spec.name} ${why}`);
  later(pod, pod.deps.backoffMs(pod.restarts), pod.restart);
}

/** The readiness probe: `/readyz` of the service, often while it is not ready, then less. */
async function probe(pod: Kubelet): Promise<void> {
  const address = pod.addresses.values().next().value;
  if (pod.terminating || !pod.child?.alive() || !address) return;
  const answered = await pod.deps.isReady(address).catch(() => false);
  if (pod.terminating || !pod.child?.alive()) return;
  setReady(pod, answered);
  const interval = pod.deps.probeIntervalMs * (pod.ready ? 4 : 1);
  later(pod, interval, () => void probe(pod));
}

/** The sidecar's listeners and the container's own port: set up once, kept across restarts. */
async function wireNetwork(pod: Kubelet, env: Record<string, string>): Promise<void> {
  if (pod.sidecar) return;
  const { spec, deps } = pod;
  const sidecar = deps.sidecar({
    name: spec.name,
    labels: spec.workload.podLabels,
    injected: spec.injected,
  });
  pod.sidecar = sidecar;
  pod.listeners = await Promise.all(
    findUpstreams(env, deps.isService).map(async (upstream) => ({
      upstream,
      port: await sidecar.listen(upstream),
    })),
  );
  pod.addresses.set(Number(env.PORT || 8080), {
    host: "127.0.0.1",
    port: await deps.findFreePort(),
  });
}

/** A service image: its process, through the sidecar, restarted with a back-off when it exits. */
async function runService(
  pod: Kubelet,
  service: ServiceName,
  env: Record<string, string>,
): Promise<void> {
  await wireNetwork(pod, env);
  const local = [...pod.addresses.values()][0]!;
  if (pod.terminating) return;
  const processEnv = {
    ...pod.deps.baseEnv,
    ...pointAtSidecar(env, pod.listeners),
    PORT: String(local.port),
  };
  // The message of a crash quotes this run's last lines, not an earlier run's.
  const runStart = pod.output.mark();
  const started = await pod.deps.startService(service, processEnv, pod.output.path);
  pod.child = started;
  if (pod.terminating) return;
  setStatus(pod, "Running");
  void probe(pod);
  void started.exited.then((exit) => {
    if (pod.terminating || pod.child !== started) return;
    setReady(pod, false);
    const tail = pod.output.tailSince(runStart, 2).join(" | ");
    crashed(pod, `exited with ${exit.signal ?? `code ${exit.code}`}${tail ? `: ${tail}` : ""}`);
  });
}

/** A storage image: the store of this machine that stands in for it. */
async function runStore(
  pod: Kubelet,
  store: "redis" | "mysql",
  env: Record<string, string>,
): Promise<void> {
  try {
    if (store === "redis") pod.addresses.set(6379, await pod.deps.stores.redis());
    else pod.addresses.set(3306, await pod.deps.stores.mysql(env));
  } catch (error) {
    crashed(pod, `could not start: ${(error as Error).message}`);
    return;
  }
  if (pod.terminating) return;
  setStatus(pod, "Running");
  setReady(pod, true);
}

/** Pulls the image, resolves the env (Secrets), and runs what the image stands for. */
async function runContainers(pod: Kubelet): Promise<void> {
  const { spec, deps } = pod;
  const container = spec.workload.container;
  if (pod.status === "Pending" || pod.status === "CreateContainerConfigError")
    setStatus(pod, "ContainerCreating");
  const resolved = resolveEnv(container.env, deps.secretOf, deps.namespace);
  if (!resolved.ok) return setStatus(pod, "CreateContainerConfigError", resolved.reason);
  const image = deps.image(container.image);
  if (!image.ok) return setStatus(pod, "ErrImagePull", image.reason);
  const role = image.role;
  pod.role = role;
  const env: Record<string, string> = {
    SERVICE_VERSION: role.version,
    ...(role.kind === "service" ? serviceImageEnv(role.service) : {}),
    HOSTNAME: spec.name,
    ...resolved.env,
  };
  if (deps.database && env.MYSQL_DATABASE) env.MYSQL_DATABASE = deps.database;
  if (role.kind === "service") await runService(pod, role.service, env);
  else await runStore(pod, role.store, env);
}

function viewOf(pod: Kubelet, createdAt: number): PodView {
  const first = [...pod.addresses.values()][0];
  const store = pod.role?.kind === "store" ? `${pod.role.store} ` : "";
  const sidecarUp = pod.role?.kind === "store" || pod.sidecar !== undefined;
  const { injected, workload, name } = pod.spec;
  return {
    name,
    deployment: workload.name,
    labels: workload.podLabels,
    status: pod.status,
    readyContainers: (pod.ready ? 1 : 0) + (injected && sidecarUp && !pod.terminating ? 1 : 0),
    containers: injected ? 2 : 1,
    restarts: pod.restarts,
    createdAt,
    address: first ? `${store}${first.host}:${first.port}` : undefined,
    message: pod.message,
  };
}

export function createPod(spec: PodSpec, deps: PodDeps): Pod {
  const { workload } = spec;
  const createdAt = Date.now();
  let running: Promise<void> | undefined;
  let gone: Promise<void> | undefined;
  const pod: Kubelet = {
    spec: { ...spec, injected: spec.injected ?? true },
    deps,
    output: createPodLog(
      join(deps.logDir, `${deps.namespace}_${spec.name}`, `${workload.container.name}.log`),
    ),
    addresses: new Map(),
    status: "Pending",
    message: undefined,
    role: undefined,
    ready: false,
    terminating: false,
    restarts: 0,
    child: undefined,
    sidecar: undefined,
    listeners: [],
    timer: undefined,
    restart: () => start(),
  };

  if (deps.printLogs)
    pod.output.follow(
      (line) => deps.log(`${spec.name} | ${line}`),
      () => {},
    );

  function start() {
    if (running || pod.terminating) return;
    running = runContainers(pod)
      .catch((error: unknown) => crashed(pod, `could not start: ${(error as Error).message}`))
      .finally(() => (running = undefined));
  }

  return {
    name: spec.name,
    namespace: deps.namespace,
    labels: workload.podLabels,
    ports: workload.container.ports,
    sidecar: pod.spec.injected,
    deployment: workload.name,
    templateHash: workload.templateHash,
    container: { name: workload.container.name, image: workload.container.image },
    graceMs: workload.graceMs,
    createdAt,
    get ready() {
      return pod.ready;
    },
    get routable() {
      return pod.ready && !pod.terminating;
    },
    get terminating() {
      return pod.terminating;
    },
    get status() {
      return pod.status;
    },
    address: (containerPort) => pod.addresses.get(containerPort),
    view: () => viewOf(pod, createdAt),
    start,
    retry: () => {
      if (pod.status === "CreateContainerConfigError") start();
    },
    terminate() {
      gone ??= (async () => {
        pod.terminating = true;
        clearTimeout(pod.timer);
        setStatus(pod, "Terminating");
        setReady(pod, false);
        await running;
        await pod.child?.stop(workload.graceMs);
        await pod.sidecar?.close();
        pod.output.end();
      })();
      return gone;
    },
    logs: () => pod.output.lines(),
    follow: (onLine, onEnd) => pod.output.follow(onLine, onEnd),
  };
}
