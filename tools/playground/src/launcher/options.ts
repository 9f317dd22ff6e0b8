import { parseArgs } from "node:util";
import { storeEndpointsFromEnv, type StoreEndpoints } from "@voting/devstack";
import { TUTORIAL_WALK } from "@voting/manifests";
import { INSTALL_NAMES, type InstallName, isInstallName } from "../install.js";

/** Where the Kubernetes API listens unless told otherwise. */
export const DEFAULT_CONTROL_PORT = 8079;
/** Where the live view and Istio's metrics are served unless told otherwise: Kiali's port. */
export const DEFAULT_VIEW_PORT = 20001;
/** Where the kubeconfig for kubectl is written, from the repository's root. */
export const DEFAULT_KUBECONFIG = ".local/kubeconfig";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface LaunchOptions {
  /** Apply the tutorial's steps up to this one (0: nothing). */
  step: number;
  ingressPort: number;
  controlPort: number;
  /** The live view of the mesh and Istio's metrics. */
  viewPort: number;
  stores: StoreEndpoints;
  database: string | undefined;
  accessLog: boolean;
  podLogs: boolean;
  /** The Istio install the local ingress and sidecar injection stand for. */
  install: InstallName;
  /** Walk the tutorial with the Gateway API's Gateway and HTTPRoutes at the ingress. */
  gatewayApi: boolean;
  /** Where to write the kubeconfig that points kubectl at the playground (relative: to the root). */
  kubeconfig: string;
}

export type Launch =
  | { readonly kind: "help" }
  /** `--stack`: the plain launcher without a mesh, given every argument. */
  | { readonly kind: "stack"; readonly argv: readonly string[] }
  | { readonly kind: "playground"; readonly options: LaunchOptions };

export const LAST_STEP = Math.max(...TUTORIAL_WALK.map((action) => action.step));

export const USAGE = `Usage: npm start [-- OPTIONS]

Builds the project and opens the playground: the tutorial's cluster on this machine. Each
Deployment's pods run as local processes, traffic goes through an ingress gateway and sidecars
that follow the applied Istio files, and kubectl talks to it as to a cluster: it writes a
kubeconfig (.local/kubeconfig) and prints the export KUBECONFIG=... line to type.

  --empty              start with no namespace and nothing applied, to do step 1 yourself
  --at-step N          run the tutorial's kubectl commands of steps 1 to N (${LAST_STEP} = finalize),
                       in its order (create and label the namespace first); default 1
  --install NAME       the Istio install the ingress stands for (env PLAYGROUND_INSTALL): istioctl
                       (default), helm, or aks-addon; it decides which Gateway selector binds and
                       which namespace label gives pods a sidecar
  --gateway-api        walk the tutorial with the Kubernetes Gateway API (gateway-api/) at the
                       ingress instead of Istio's Gateway and the voting-app VirtualService
  --port N             the ingress gateway, i.e. the app's URL (env PLAYGROUND_PORT); default 8080
  --control-port N     where the Kubernetes API for kubectl listens (env PLAYGROUND_CONTROL_PORT);
                       default ${DEFAULT_CONTROL_PORT}
  --view-port N        the live view of the mesh and its Istio metrics at /metrics (env
                       PLAYGROUND_VIEW_PORT); default ${DEFAULT_VIEW_PORT}, Kiali's port
  --kubeconfig PATH    where to write the kubeconfig for kubectl; default ${DEFAULT_KUBECONFIG}
  --mysql-database DB  keep MySQL votes in DB whatever MYSQL_DATABASE says (default: as it says)
  --access-log         print a line for every request and connection the mesh routes
  --pod-logs           print every line the pods write
  --stack 1.0|1.1|2.0  no cluster, no mesh: the plain launcher (see npm start -- --stack 1.0 --help)
  --help, -h           this text

Stores: voting-storage 1.0 is the Redis at REDIS_HOST:REDIS_PORT, 2.0 the MySQL at
MYSQL_HOST:MYSQL_PORT, reached as MYSQL_USER/MYSQL_PASSWORD, an account that may create
databases and users (default 127.0.0.1, 6379, 3306, root, no password). A store that does
not answer on this machine is started privately, with its data under .local/.`;

/** Reads the launcher's arguments; throws UsageError naming what is wrong. */
export function parseLaunchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Launch {
  if (argv.some((arg) => arg === "--stack" || arg === "-s" || arg.startsWith("--stack=")))
    return { kind: "stack", argv };
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        empty: { type: "boolean" },
        "at-step": { type: "string" },
        port: { type: "string", short: "p" },
        "control-port": { type: "string" },
        "view-port": { type: "string" },
        "mysql-database": { type: "string" },
        "access-log": { type: "boolean" },
        "pod-logs": { type: "boolean" },
        install: { type: "string" },
        "gateway-api": { type: "boolean" },
        kubeconfig: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: "help" };
  if (values.empty && values["at-step"] !== undefined)
    throw new UsageError("--empty and --at-step exclude each other");
  const step = values.empty ? 0 : Number(values["at-step"] ?? 1);
  if (!Number.isInteger(step) || step < 0 || step > LAST_STEP) {
    throw new UsageError(
      `--at-step must be a step of the tutorial, 1 to ${LAST_STEP}; got "${values["at-step"]}"`,
    );
  }
  const ingressPort = port("--port / PLAYGROUND_PORT", values.port ?? env.PLAYGROUND_PORT, 8080);
  const controlPort = port(
    "--control-port / PLAYGROUND_CONTROL_PORT",
    values["control-port"] ?? env.PLAYGROUND_CONTROL_PORT,
    DEFAULT_CONTROL_PORT,
  );
  if (ingressPort === controlPort)
    throw new UsageError(`the ingress and the Kubernetes API cannot share port ${ingressPort}`);
  const viewPort = port(
    "--view-port / PLAYGROUND_VIEW_PORT",
    values["view-port"] ?? env.PLAYGROUND_VIEW_PORT,
    DEFAULT_VIEW_PORT,
  );
  if (viewPort === ingressPort || viewPort === controlPort)
    throw new UsageError(`the live view cannot share port ${viewPort} with the ingress or the API`);
  const database = values["mysql-database"];
  if (database !== undefined && !/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
    throw new UsageError(
      `--mysql-database must be a plain name (letters, digits, _ and $), got "${database}"`,
    );
  }
  const install = values.install ?? (env.PLAYGROUND_INSTALL || "istioctl");
  if (!isInstallName(install)) {
    throw new UsageError(
      `--install / PLAYGROUND_INSTALL must be one of ${INSTALL_NAMES.join(", ")}; got "${install}"`,
    );
  }
  let stores: StoreEndpoints;
  try {
    stores = storeEndpointsFromEnv(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    kind: "playground",
    options: {
      step,
      ingressPort,
      controlPort,
      viewPort,
      stores,
      database,
      accessLog: values["access-log"] === true,
      podLogs: values["pod-logs"] === true,
      install,
      gatewayApi: values["gateway-api"] === true,
      kubeconfig: values.kubeconfig || DEFAULT_KUBECONFIG,
    },
  };
}

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new UsageError(`${name} must be a port number (1-65535), got "${raw}"`);
  }
  return value;
}
