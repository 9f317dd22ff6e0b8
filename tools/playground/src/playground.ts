import { createServer, type Server } from "node:http";
import type {
  EnsuredMysql,
  EnsuredRedis,
  EnsureOptions,
  Endpoint,
  MysqlEndpoint,
} from "@voting/devstack";
import { type KubeObject } from "@voting/mesh";
import { createCommands } from "./commands/index.js";
import { createConfigState } from "./config-state.js";
import { createControlHandler } from "./control-server.js";
import { createController } from "./controller.js";
import { createImageCatalog } from "./images.js";
import { INSTALLS, type InstallName, noSidecarReason } from "./install.js";
import type { Command, CommandOutput } from "./kubectl/command.js";
import { createLocalStores } from "./pods/local-stores.js";
import { createNamespaceState } from "./namespace-state.js";
import type { MysqlAdmin } from "./pods/mysql-image.js";
import { createPod, type StartService } from "./pods/pod.js";
import { createIngress } from "./traffic/ingress.js";
import { createRouting } from "./traffic/routing.js";
import { createSidecar } from "./traffic/sidecar.js";
import { readConfig, type ReadConfig } from "./validate.js";
import { podSuffix } from "./workload.js";

export interface PlaygroundOptions {
  /** Where the ingress gateway listens (the cluster's port 80). */
  ingressPort: number;
  /** Where the command line's requests are taken. */
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
  readonly controlUrl: string;
  /** Runs a kubectl command, as the control endpoint does. */
  run(command: Command): CommandOutput;
  /** Stops the pods (each within its grace period), the listeners, and any store it started. */
  stop(): Promise<void>;
}

export const NAMESPACE = "voting";

/** Starts an empty playground: the ingress, the control endpoint, no objects, no pods. */
export async function startPlayground(
  options: PlaygroundOptions,
  deps: PlaygroundDeps,
): Promise<Playground> {
  const image = createImageCatalog(deps.knownImages);
  const check = (objects: readonly KubeObject[]) =>
    void readConfig(objects, { namespace: NAMESPACE, image });
  let read: { version: number; config: ReadConfig } | undefined;
  const current = () => {
    if (read?.version !== config.version) {
      read = {
        version: config.version,
        config: readConfig(config.objects(), { namespace: NAMESPACE, image }),
      };
    }
    return read.config;
  };

  let scheduled = false;
  // Changes come in bursts (a file of six objects, three pods turning ready): react once per burst.
  const changed = () => {
    routing.invalidate();
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      controller.reconcile();
    });
  };
  const config = createConfigState(changed);
  const install = INSTALLS[options.install ?? "istioctl"];
  // Injection is decided when a pod is created; say once, until the labels change, why new
  // pods come without a sidecar.
  let warned = false;
  const namespaceState = createNamespaceState(NAMESPACE, () => (warned = false));
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
  const routing = createRouting({
    objects: () => config.objects(),
    pods: () => controller.pods(),
    namespace: NAMESPACE,
    ingressLabels: install.ingressLabels,
  });
  const accessLog = options.accessLog ? (line: string) => deps.log(`access | ${line}`) : undefined;
  const stores = createLocalStores(
    { ...options.stores, database: options.database },
    { ...deps, log: (message) => deps.log(message) },
  );
  const controller = createController({
    workloads: () => current().workloads,
    onChange: changed,
    newPod: (workload) => {
      const name = `${workload.name}-${workload.templateHash}-${podSuffix()}`;
      return createPod(
        { name, workload, injected: injected(name) },
        {
          namespace: NAMESPACE,
          image,
          secretOf: (name) => current().secrets.get(name),
          isService: (host) => routing.isService(host),
          sidecar: (pod) =>
            createSidecar(
              { pod: pod.name, namespace: NAMESPACE, labels: pod.labels, sidecar: pod.injected },
              { routing, accessLog },
            ),
          stores,
          startService: (service, env, onLine) =>
            deps.startService(service, env, (line) => {
              onLine(line);
              if (options.podLogs) deps.log(`${env.HOSTNAME} | ${line}`);
            }),
          findFreePort: deps.findFreePort,
          isReady: deps.isReady,
          onChange: changed,
          log: deps.log,
          database: options.database,
          baseEnv: deps.baseEnv,
          probeIntervalMs: 250,
          backoffMs: (restarts) => Math.min(30_000, 1000 * 2 ** (restarts - 1)),
        },
      );
    },
  });
  const run = createCommands({ namespace: NAMESPACE, config, check, controller, namespaceState });
  const ingress = createIngress({ routing, accessLog });

  const servers: Server[] = [];
  const listen = async (
    port: number,
    handler: Parameters<typeof createServer>[1],
    what: string,
  ) => {
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
  };
  const closeServers = () =>
    Promise.all(
      servers.map((server) => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(resolve));
      }),
    );
  try {
    await listen(options.controlPort, createControlHandler(run), "the control endpoint");
    await listen(options.ingressPort, ingress.handle, "the ingress gateway");
  } catch (error) {
    await closeServers();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    ingressUrl: `http://localhost:${options.ingressPort}`,
    controlUrl: `http://127.0.0.1:${options.controlPort}`,
    run,
    stop() {
      stopped ??= (async () => {
        await closeServers();
        ingress.close();
        await controller.stopAll();
        await stores.release();
      })();
      return stopped;
    },
  };
}
