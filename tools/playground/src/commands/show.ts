import { type KubeObject, kubectlKind, parseLabelSelector } from "@voting/mesh";
import type { Controller } from "../controller.js";
import type { Command, CommandOutput } from "../kubectl/command.js";
import { age, table } from "../kubectl/format.js";
import { pluralName, singularName } from "../resources.js";
import { templateHash } from "../workload.js";
import { failed, ok, type ResolvedDeps, typeOf } from "./common.js";

/** `get` and `logs`: what is applied and running, as kubectl shows it. */
export function createViews(deps: ResolvedDeps) {
  const { namespace, config } = deps;
  const now = deps.now ?? Date.now;

  const get = (command: Extract<Command, { verb: "get" }>): CommandOutput => {
    const type = typeOf(command.resource);
    const matches =
      command.selector === undefined ? () => true : parseLabelSelector(command.selector);
    const wanted = (name: string) => command.names.length === 0 || command.names.includes(name);
    let header: string[];
    let rows: { name: string; cells: string[] }[];
    const labelColumns = (labels: Readonly<Record<string, string>>) =>
      command.showLabels
        ? [
            // kubectl prints them sorted by key.
            Object.entries(labels)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([key, value]) => `${key}=${value}`)
              .join(",") || "<none>",
          ]
        : [];
    if (type.kind === "Pod") {
      header = [
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        ...(command.showLabels ? ["LABELS"] : ["APP", "VERSION"]),
        "ADDRESS",
      ];
      rows = deps.controller
        .pods()
        .map((pod) => pod.view())
        .filter((pod) => matches(pod.labels))
        .map((pod) => ({
          name: pod.name,
          cells: [
            pod.name,
            `${pod.readyContainers}/${pod.containers}`,
            pod.status,
            String(pod.restarts),
            age(now() - pod.createdAt),
            ...(command.showLabels
              ? labelColumns(pod.labels)
              : [pod.labels.app ?? "", pod.labels.version ?? ""]),
            pod.address ?? "<none>",
          ],
        }));
    } else if (type.kind === "Namespace") {
      // The playground's namespace always exists: the one row, with the labels it has now.
      const { namespaceState } = deps;
      header = ["NAME", "STATUS", "AGE", ...(command.showLabels ? ["LABELS"] : [])];
      rows = [namespaceState.labels()].filter(matches).map((labels) => ({
        name: namespaceState.name,
        cells: [
          namespaceState.name,
          "Active",
          age(now() - namespaceState.createdAt()),
          ...labelColumns(labels),
        ],
      }));
    } else {
      const objects = config
        .objects()
        .filter((object) => kubectlKind(object) === singularName(type));
      const describe =
        describers[singularName(type)] ?? describers[type.kind] ?? describers.default!;
      header = ["NAME", ...describe.header, "AGE", ...(command.showLabels ? ["LABELS"] : [])];
      rows = objects
        .filter((object) => matches(object.metadata.labels ?? {}))
        .map((object) => ({
          name: object.metadata.name,
          cells: [
            object.metadata.name,
            ...describe.cells(object, deps.controller),
            age(now() - config.createdAt(object)),
            ...labelColumns(object.metadata.labels ?? {}),
          ],
        }));
    }
    const missing = command.names.filter((name) => !rows.some((row) => row.name === name));
    rows = rows.filter((row) => wanted(row.name)).sort((a, b) => a.name.localeCompare(b.name));
    const stderr = missing.map(
      (name) => `Error from server (NotFound): ${pluralName(type)} "${name}" not found`,
    );
    if (rows.length === 0) {
      return {
        stdout: [],
        stderr: stderr.length ? stderr : [`No resources found in ${namespace} namespace.`],
        exitCode: stderr.length ? 1 : 0,
      };
    }
    return {
      stdout: table(
        header,
        rows.map((row) => row.cells),
      ),
      stderr,
      exitCode: stderr.length ? 1 : 0,
    };
  };

  const logs = (command: Extract<Command, { verb: "logs" }>): CommandOutput => {
    const pod = deps.controller.pods().find((candidate) => candidate.name === command.pod);
    if (!pod) return failed([`Error from server (NotFound): pods "${command.pod}" not found`]);
    const lines = pod.logs();
    return ok(command.tail === undefined ? lines : lines.slice(-command.tail));
  };

  return { get, logs };
}

interface Describer {
  header: string[];
  cells: (object: KubeObject, controller: Controller) => string[];
}

type Plain = Record<string, unknown>;
const spec = (object: KubeObject) => (object.spec ?? {}) as Plain;
const list = (value: unknown) => (Array.isArray(value) ? (value as unknown[]) : []);

/** The columns kubectl shows for each kind (what makes sense without a cluster). */
const describers: Record<string, Describer> = {
  Deployment: {
    header: ["READY", "UP-TO-DATE", "AVAILABLE"],
    cells: (object, controller) => {
      const pods = controller
        .pods()
        .filter((pod) => pod.deployment === object.metadata.name && !pod.terminating);
      const replicas = Number(spec(object).replicas ?? 1);
      const ready = pods.filter((pod) => pod.ready).length;
      const current = templateHash(spec(object).template);
      const upToDate = pods.filter((pod) => pod.templateHash === current).length;
      return [`${ready}/${replicas}`, String(upToDate), String(ready)];
    },
  },
  Service: {
    header: ["TYPE", "PORT(S)"],
    cells: (object) => [
      String(spec(object).type ?? "ClusterIP"),
      list(spec(object).ports)
        .map((port) => `${(port as Plain).port}/${(port as Plain).protocol ?? "TCP"}`)
        .join(","),
    ],
  },
  VirtualService: {
    header: ["GATEWAYS", "HOSTS"],
    cells: (object) => [
      JSON.stringify(list(spec(object).gateways)),
      JSON.stringify(list(spec(object).hosts)),
    ],
  },
  "gateway.gateway.networking.k8s.io": {
    header: ["CLASS", "ADDRESS", "PROGRAMMED"],
    // Served on the local ingress, whatever the class's own address would be.
    cells: (object) => [String(spec(object).gatewayClassName ?? ""), "localhost", "True"],
  },
  HTTPRoute: {
    header: ["HOSTNAMES"],
    cells: (object) => {
      const hostnames = list(spec(object).hostnames);
      return [hostnames.length > 0 ? JSON.stringify(hostnames) : ""];
    },
  },
  DestinationRule: { header: ["HOST"], cells: (object) => [String(spec(object).host ?? "")] },
  PeerAuthentication: {
    header: ["MODE"],
    cells: (object) => [String(((spec(object).mtls ?? {}) as Plain).mode ?? "")],
  },
  Secret: {
    header: ["TYPE", "DATA"],
    cells: (object) => {
      const keys = new Set([
        ...Object.keys((object.data ?? {}) as Plain),
        ...Object.keys((object.stringData ?? {}) as Plain),
      ]);
      return [String(object.type ?? "Opaque"), String(keys.size)];
    },
  },
  default: { header: [], cells: () => [] },
};
