import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type RequestListener, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  EnsuredMysql,
  EnsuredRedis,
  EnsureOptions,
  Endpoint,
  MysqlEndpoint,
} from "@voting/devstack";
import { createMeshView, createViewApp, type MeshView, type PodInfo } from "@voting/mesh-view";
import { createApiServer } from "./api/server.js";
import { batched, type Changes, createChanges } from "./changes.js";
import { createConfigState } from "./config-state.js";
import { createController } from "./controller.js";
import { createImageCatalog, type ImageLookup } from "./images.js";
import { type Install, INSTALLS, type InstallName, noSidecarReason } from "./install.js";
import { createNamespaceState, type NamespaceState } from "./namespace-state.js";
import { createLocalStores, type LocalStores } from "./pods/local-stores.js";
import type { MysqlAdmin } from "./pods/mysql-image.js";
import { createPod, type Pod, type PodView, type StartService } from "./pods/pod.js";
import { createIngress } from "./traffic/ingress.js";
import { createRouting, type Routing } from "./traffic/routing.js";
import { createSidecar } from "./traffic/sidecar.js";
import { createProxyReport, workloadOf } from "./traffic/telemetry.js";
import { readConfig, type ReadConfig } from "./validate.js";
import { podSuffix, type Workload } from "./workload.js";
import type { ConfigState } from "./config-state.js";

export interface PlaygroundOptions {
  /** Where the ingress gateway listens (the cluster's port 80). */
  ingressPort: number;
  /** Where the Kubernetes API listens, for kubectl. */
  controlPort: number;
  stores: { redis: Endpoint; mysql: MysqlEndpoint };
  /** Serve this database whatever MYSQL_DATABASE says (a test's throw-away database). */
  database?: string;
  /** Print a line per request and connection the mesh routes. */
  accessLog?: boolean;
  /** Print every line the pods write. */
  podLogs?: boolean;
  /** The Istio install the ingress and the sidecar injection stand for (default istioctl). */
  install?: InstallName;
  /** Where the live view and Istio's metrics are served (Kiali's 20001); none when undefined. */
  viewPort?: number;
}

export interface PlaygroundDeps extends MysqlAdmin {
  /** The playground's own messages (pods starting, becoming ready, failing). */
  log: (line: string) => void;
  ensureRedis: (endpoint: Endpoint, options: EnsureOptions) => Promise<EnsuredRedis>;
  ensureMysql: (endpoint: MysqlEndpoint, options: EnsureOptions) => Promise<EnsuredMysql>;
  startService: StartService;
  findFreePort: () => Promise<number>;
  isReady: (address: Endpoint) => Promise<boolean>;
  /** The images the project builds (scripts/images.txt). */
  knownImages: readonly string[];
  baseEnv: Readonly<Record<string, string>>;
}

export interface Playground {
  readonly ingressUrl: string;
  /** The Kubernetes API kubectl talks to: `http://127.0.0.1:8079`. */
  readonly apiUrl: string;
  /** The live view and Istio's metrics (`/metrics`), when a view port was given. */
  readonly viewUrl: string | undefined;
  /** What the ingress and the sidecars reported: Istio's metrics and the graph. */
  readonly view: MeshView;
  /** Stops the pods (each within its grace period), the listeners, and any store it started. */
  stop(): Promise<void>;
}

export const NAMESPACE = "voting";

/** Starts an empty playground: the ingress, the Kubernetes API, no namespace, no pods. */
export async function startPlayground(
  options: PlaygroundOptions,
  deps: PlaygroundDeps,
): Promise<Playground> {
  const install = INSTALLS[options.install ?? "istioctl"];
  const changes = createChanges();
  const image = createImageCatalog(deps.knownImages);
  const config = createConfigState(changes.notify);
  const namespaceState = createNamespaceState(NAMESPACE, changes.notify);
  const current = currentConfig(config, image);
  const stores = createLocalStores({ ...options.stores, database: options.database }, deps);
  const accessLog = options.accessLog ? (line: string) => deps.log(`access | ${line}`) : undefined;
  const view = createMeshView();
  // The pods' log files, removed with the playground.
  const logDir = await mkdtemp(join(tmpdir(), "voting-playground-pods-"));

  // Routing reads the pods the controller keeps, and the controller's pods route through it.
  const routing: Routing = createRouting({
    objects: () => config.objects(),
    pods: () => controller.pods(),
    namespace: NAMESPACE,
    ingressLabels: install.ingressLabels,
  });
  const newPod = podFactory({
    options,
    deps,
    install,
    namespaceState,
    current,
    image,
    routing,
    stores,
    changes,
    accessLog,
    view,
    logDir,
  });
  const controller = createController({
    workloads: () => (namespaceState.exists() ? current().workloads : []),
    onChange: changes.notify,
    newPod,
  });
  changes.subscribe(() => routing.invalidate());
  changes.subscribe(batched(() => controller.reconcile()));
  changes.subscribe(batched(() => view.setPods(controller.pods().map(podInfo))));

  const api = createApiServer({
    namespace: NAMESPACE,
    config,
    namespaceState,
    controller,
    install,
    startedAt: Date.now(),
    ingressAddress: options.ingressPort === 80 ? "127.0.0.1" : `127.0.0.1:${options.ingressPort}`,
    check: (objects) => void readConfig(objects, { namespace: NAMESPACE, image }),
    subscribe: (listener) => changes.subscribe(batched(listener)),
    revision: changes.revision,
  });
  const ingress = createIngress({
    routing,
    accessLog,
    // The ingress gateway's own workload, as the install names it, is the source of its reports.
    report: createProxyReport(
      view,
      {
        ...workloadOf(install.ingressService.name, install.ingressService.namespace, {
          app: install.ingressLabels.app ?? install.ingressService.name,
        }),
        ingress: true,
      },
      true,
    ),
  });
  const servers = await listenAll([
    { port: options.controlPort, handler: api, what: "the Kubernetes API (kubectl)" },
    { port: options.ingressPort, handler: ingress.handle, what: "the ingress gateway" },
    ...(options.viewPort === undefined
      ? []
      : [{ port: options.viewPort, handler: createViewApp(view), what: "the live view" }]),
  ]);

  let stopped: Promise<void> | undefined;
  return {
    ingressUrl: `http://localhost:${options.ingressPort}`,
    apiUrl: `http://127.0.0.1:${options.controlPort}`,
    viewUrl: options.viewPort === undefined ? undefined : `http://localhost:${options.viewPort}`,
    view,
    stop() {
      stopped ??= (async () => {
        await closeAll(servers);
        ingress.close();
        await controller.stopAll();
        await stores.release();
        await rm(logDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** The applied objects read as the playground runs them, read again only after a change. */
function currentConfig(config: ConfigState, image: (reference: string) => ImageLookup) {
  let read: { version: number; config: ReadConfig } | undefined;
  return () => {
    if (read?.version !== config.version) {
      read = {
        version: config.version,
        config: readConfig(config.objects(), { namespace: NAMESPACE, image }),
      };
    }
    return read.config;
  };
}

interface PodFactoryContext {
  options: PlaygroundOptions;
  deps: PlaygroundDeps;
  install: Install;
  namespaceState: NamespaceState;
  current: () => ReadConfig;
  image: (reference: string) => ImageLookup;
  routing: Routing;
  stores: LocalStores;
  changes: Changes;
  accessLog: ((line: string) => void) | undefined;
  view: MeshView;
  logDir: string;
}

/** Makes the pods of a Deployment, with or without a sidecar as the namespace's labels say. */
function podFactory(context: PodFactoryContext): (workload: Workload) => Pod {
  const { options, deps, install, namespaceState, routing } = context;
  // Injection is decided when a pod is created; say once, until the labels change, why new
  // pods come without a sidecar.
  let warned = false;
  let labels = "";
  context.changes.subscribe(() => {
    const now = JSON.stringify(namespaceState.labels());
    if (now !== labels) warned = false;
    labels = now;
  });
  const injected = (pod: string) => {
    const why = noSidecarReason(install, namespaceState.labels());
    if (why && !warned) {
      warned = true;
      deps.log(
        `Warning: pod/${pod} and the pods created after it get no sidecar (READY 1/1): ${why}. ` +
          "Their calls ignore the Istio rules; delete them to have them created again.",
      );
    }
    return why === undefined;
  };
  return (workload) => {
    const name = `${workload.name}-${workload.templateHash}-${podSuffix()}`;
    return createPod(
      { name, workload, injected: injected(name) },
      {
        namespace: NAMESPACE,
        image: context.image,
        secretOf: (secret) => context.current().secrets.get(secret),
        isService: (host) => routing.isService(host),
        sidecar: (pod) =>
          createSidecar(
            { pod: pod.name, namespace: NAMESPACE, labels: pod.labels, sidecar: pod.injected },
            {
              routing,
              accessLog: context.accessLog,
              // Without a sidecar the calls are drawn but are not Istio's to count.
              report: createProxyReport(
                context.view,
                workloadOf(workload.name, NAMESPACE, pod.labels),
                pod.injected,
              ),
            },
          ),
        stores: context.stores,
        startService: deps.startService,
        logDir: context.logDir,
        printLogs: options.podLogs,
        findFreePort: deps.findFreePort,
        isReady: deps.isReady,
        onChange: context.changes.notify,
        log: deps.log,
        database: options.database,
        baseEnv: deps.baseEnv,
        probeIntervalMs: 250,
        backoffMs: (restarts) => Math.min(30_000, 1000 * 2 ** (restarts - 1)),
      },
    );
  };
}

/** A pod as the live view lists it: its labels, READY x/y, its phase and `get pods`' STATUS. */
function podInfo(pod: Pod): PodInfo {
  const shown = pod.view();
  return {
    name: shown.name,
    namespace: pod.namespace,
    labels: shown.labels,
    readyContainers: shown.readyContainers,
    containers: shown.containers,
    phase: PHASES[shown.status],
    status: shown.status,
  };
}

// The pod's phase behind each STATUS `get pods` shows: a crashing container is still Running.
const PHASES: Readonly<Record<PodView["status"], string>> = {
  Pending: "Pending",
  ContainerCreating: "Pending",
  CreateContainerConfigError: "Pending",
  ErrImagePull: "Pending",
  Running: "Running",
  Error: "Running",
  CrashLoopBackOff: "Running",
  Terminating: "Running",
};

/** Listens on each loopback port in turn; closes what it opened if one port is taken. */
async function listenAll(
  listeners: readonly { port: number; handler: RequestListener; what: string }[],
): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    for (const { port, handler, what } of listeners) {
      const server = createServer(handler);
      await new Promise<void>((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) =>
          reject(
            new Error(
              error.code === "EADDRINUSE"
                ? `Port ${port} (${what}) is already in use: is a playground already running? Stop it, or choose another port.`
                : `Cannot listen on 127.0.0.1:${port} (${what}): ${error.message}`,
            ),
          ),
        );
        server.listen(port, "127.0.0.1", () => resolve());
      });
      servers.push(server);
    }
    return servers;
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
}

function closeAll(servers: readonly Server[]): Promise<unknown> {
  return Promise.all(
    servers.map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
}
