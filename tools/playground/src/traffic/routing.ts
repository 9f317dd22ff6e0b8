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
} from "@voting/mesh";
import type { Address } from "./address.js";

/** A pod as traffic sees it: its labels, its declared ports, and where its ports are served. */
export interface RoutablePod extends Pod {
  /** Only ready pods that are not terminating receive traffic, as with Kubernetes Endpoints. */
  readonly routable: boolean;
  /** Whether it has a sidecar: only then do VirtualServices route its calls, and mTLS reach it. */
  readonly sidecar: boolean;
  address(containerPort: number): Address | undefined;
}

/** The mesh as it is right now: every decision reads the config and pods current at that moment. */
export interface Routing {
  route(request: RouteRequest): RouteResult;
  /** A call from a pod without a sidecar: the Service's ready pods, round robin, no Istio rule. */
  routePlain(request: RouteRequest): RouteResult;
  /**
   * Why a call fails on mutual TLS, or undefined if it works: a pod without a sidecar cannot
   * reach one whose PeerAuthentication is STRICT (it takes only mutual TLS), and a sidecar that
   * a DestinationRule tells to use ISTIO_MUTUAL cannot reach a pod without one.
   */
  mtlsRefusal(
    callerHasSidecar: boolean,
    decision: RouteDecision,
    endpoint: Endpoint,
  ): string | undefined;
  /** How the sidecar handles a Service port (from its name), or undefined if there is no such port. */
  kindOf(host: string, port: number): "http" | "tcp" | undefined;
  isService(host: string): boolean;
  /**
   * A request from outside, at the ingress: through the Gateway API Gateways, then the Istio
   * Gateways whose selector fits `ingressLabels`, as @voting/mesh's routeIngress tries them.
   */
  routeIngress(request: Omit<RouteRequest, "gateway">): RouteResult;
  addressOf(endpoint: Endpoint): Address | undefined;
  /** Forget the cached mesh: the config or a pod's readiness changed. */
  invalidate(): void;
}

export interface RoutingDeps {
  objects: () => readonly KubeObject[];
  pods: () => readonly RoutablePod[];
  namespace: string;
  /** The labels of the pods of the ingress gateway the local ingress stands for. */
  ingressLabels: Labels;
}

// What a pod without a sidecar knows of the mesh: Services and their pods, no Istio rules.
const ISTIO_RULES = new Set(["VirtualService", "DestinationRule"]);

export function createRouting(deps: RoutingDeps): Routing {
  let meshes: { full: Mesh; plain: () => Mesh } | undefined;
  let byName = new Map<string, RoutablePod>();
  // The mesh's own picker is not used: each caller balances with a picker of its own.
  const unusedPicker = roundRobin();
  const current = () => {
    if (!meshes) {
      const pods = deps.pods();
      byName = new Map(pods.map((pod) => [pod.name, pod]));
      const options = {
        namespace: deps.namespace,
        pods: pods.filter((pod) => pod.routable),
        picker: unusedPicker,
        ingressLabels: deps.ingressLabels,
      };
      const objects = deps.objects();
      let plain: Mesh | undefined;
      meshes = {
        full: buildMesh(objects, options),
        // Built only when a pod without a sidecar calls: most walks have none.
        plain: () =>
          (plain ??= buildMesh(
            objects.filter(
              (object) =>
                !(
                  ISTIO_RULES.has(object.kind) &&
                  object.apiVersion.startsWith("networking.istio.io/")
                ),
            ),
            options,
          )),
      };
    }
    return meshes;
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
    route: (request) => current().full.route(request),
    routePlain: (request) => current().plain().route(request),
    mtlsRefusal(callerHasSidecar, decision, endpoint) {
      const target = byName.get(endpoint.pod.name);
      if (!target || target.sidecar === callerHasSidecar) return undefined;
      if (callerHasSidecar) {
        return decision.tlsMode === "ISTIO_MUTUAL"
          ? `${endpoint.pod.name} has no sidecar to take the mutual TLS (ISTIO_MUTUAL) of DestinationRule ${decision.host}`
          : undefined;
      }
      return current().full.mtlsMode(endpoint.pod) === "STRICT"
        ? `${endpoint.pod.name} takes only mutual TLS (PeerAuthentication STRICT), and the caller has no sidecar`
        : undefined;
    },
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
    routeIngress: (request) => current().full.routeIngress(request),
    addressOf: (endpoint) => {
      current();
      return byName.get(endpoint.pod.name)?.address(endpoint.port);
    },
    invalidate: () => {
      meshes = undefined;
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
