import {
  buildMesh,
  configHost,
  type Endpoint,
  type KubeObject,
  type Labels,
  type Mesh,
  type Picker,
  type Pod,
  portProtocol,
  requestHost,
  type RouteDecision,
  type RouteRequest,
  type RouteResult,
  roundRobin,
  routingKind,
  selects,
} from "@voting/mesh";
import type { Address } from "./address.js";

/** A pod as traffic sees it: its labels, its declared ports, and where its ports are served. */
export interface RoutablePod extends Pod {
  /** Only ready pods that are not terminating receive traffic, as with Kubernetes Endpoints. */
  readonly routable: boolean;
  address(containerPort: number): Address | undefined;
}

/** The mesh as it is right now: every decision reads the config and pods current at that moment. */
export interface Routing {
  route(request: RouteRequest): RouteResult;
  /** How the sidecar handles a Service port (from its name), or undefined if there is no such port. */
  kindOf(host: string, port: number): "http" | "tcp" | undefined;
  isService(host: string): boolean;
  /** `namespace/name` of every Gateway bound to the ingress gateway (`istio: ingressgateway`). */
  ingressGateways(): string[];
  addressOf(endpoint: Endpoint): Address | undefined;
  /** Forget the cached mesh: the config or a pod's readiness changed. */
  invalidate(): void;
}

export interface RoutingDeps {
  objects: () => readonly KubeObject[];
  pods: () => readonly RoutablePod[];
  namespace: string;
}

/** The labels of the workload that stands for the ingress gateway here. */
export const INGRESS_LABELS: Labels = { istio: "ingressgateway", app: "istio-ingressgateway" };

export function createRouting(deps: RoutingDeps): Routing {
  let mesh: Mesh | undefined;
  let byName = new Map<string, RoutablePod>();
  // The mesh's own picker is not used: each caller balances with a picker of its own.
  const unusedPicker = roundRobin();
  const current = () => {
    if (!mesh) {
      const pods = deps.pods();
      byName = new Map(pods.map((pod) => [pod.name, pod]));
      const routable = pods.filter((pod) => pod.routable);
      mesh = buildMesh(deps.objects(), {
        namespace: deps.namespace,
        pods: routable,
        picker: unusedPicker,
      });
    }
    return mesh;
  };
  const serviceOf = (host: string) => {
    const fqdn = requestHost(host, deps.namespace);
    return deps
      .objects()
      .find(
        (object) =>
          object.apiVersion === "v1" &&
          object.kind === "Service" &&
          configHost(object.metadata.name, object.metadata.namespace ?? deps.namespace) === fqdn,
      );
  };
  return {
    route: (request) => current().route(request),
    kindOf(host, port) {
      const ports = ((serviceOf(host)?.spec as { ports?: unknown[] } | undefined)?.ports ?? []) as {
        port?: number;
        name?: string;
        appProtocol?: string;
      }[];
      const entry = ports.find((candidate) => candidate.port === port);
      if (!entry) return undefined;
      // A port named for no protocol is sniffed by Istio; here it is carried as plain TCP.
      return routingKind(portProtocol(entry)) ?? "tcp";
    },
    isService: (host) => serviceOf(host) !== undefined,
    ingressGateways: () =>
      deps
        .objects()
        .filter(
          (object) =>
            object.kind === "Gateway" && object.apiVersion.startsWith("networking.istio.io/"),
        )
        .filter((object) => {
          const selector = ((object.spec as { selector?: Labels } | undefined)?.selector ??
            {}) as Labels;
          return Object.keys(selector).length > 0 && selects(selector, INGRESS_LABELS);
        })
        .map((object) => `${object.metadata.namespace ?? deps.namespace}/${object.metadata.name}`),
    addressOf: (endpoint) => {
      current();
      return byName.get(endpoint.pod.name)?.address(endpoint.port);
    },
    invalidate: () => {
      mesh = undefined;
    },
  };
}

/**
 * The endpoint a caller's own picker chooses for a decision, and where this machine serves it
 * (`target` is undefined when the pod declares nothing on that port: the call fails, as it would).
 */
export function chooseTarget(
  routing: Routing,
  picker: Picker,
  decision: RouteDecision,
): { endpoint: Endpoint; target: Address | undefined } {
  const endpoint = picker(
    decision.endpoints,
    `${decision.host}|${decision.subset ?? ""}|${decision.port}`,
  );
  return { endpoint, target: routing.addressOf(endpoint) };
}
