import { parseArgs } from "node:util";
import { storeEndpointsFromEnv, type StoreEndpoints } from "@voting/devstack";
import { TUTORIAL_WALK } from "@voting/manifests";
import { INSTALL_NAMES, type InstallName, isInstallName } from "../install.js";
import { DEFAULT_CONTROL_PORT } from "../kubectl/args.js";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface LaunchOptions {
  /** Apply the tutorial's steps up to this one (0: nothing). */
  step: number;
  ingressPort: number;
  controlPort: number;
  stores: StoreEndpoints;
  database: string | undefined;
  accessLog: boolean;
  podLogs: boolean;
  /** The Istio install the local ingress and sidecar injection stand for. */
  install: InstallName;
  /** Walk the tutorial with the Gateway API's Gateway and HTTPRoutes at the ingress. */
  gatewayApi: boolean;
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
that follow the applied Istio files, and \`npm run apply|delete|get|label\` stand in for kubectl.

  --empty              start with nothing applied and the namespace unlabelled, to do step 1 yourself
  --at-step N          label the namespace and apply the tutorial's steps 1 to N (${LAST_STEP} = finalize),
                       in its order; default 1
  --install NAME       the Istio install the ingress stands for (env PLAYGROUND_INSTALL): istioctl
                       (default), helm, or aks-addon; it decides which Gateway selector binds and
                       which namespace label gives pods a sidecar
  --gateway-api        walk the tutorial with the Kubernetes Gateway API (gateway-api/) at the
                       ingress instead of Istio's Gateway and the voting-app VirtualService
  --port N             the ingress gateway, i.e. the app's URL (env PLAYGROUND_PORT); default 8080
  --control-port N     where npm run apply/delete/get connect (env PLAYGROUND_CONTROL_PORT);
                       default ${DEFAULT_CONTROL_PORT}
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
        "mysql-database": { type: "string" },
        "access-log": { type: "boolean" },
        "pod-logs": { type: "boolean" },
        install: { type: "string" },
        "gateway-api": { type: "boolean" },
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
    throw new UsageError(`the ingress and the control endpoint cannot share port ${ingressPort}`);
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
      stores,
      database,
      accessLog: values["access-log"] === true,
      podLogs: values["pod-logs"] === true,
      install,
      gatewayApi: values["gateway-api"] === true,
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
