import type { Labels } from "./labels.js";
import type { Pod } from "./model.js";

/** One request (or TCP connection) to route, as the sidecar or the gateway sees it. */
export interface RouteRequest {
  /** `http` for a request, `tcp` for a connection. Must agree with the port's protocol. */
  readonly kind: "http" | "tcp";
  /**
   * `"mesh"` for a call from a pod, or the gateway it came through: an Istio Gateway as `name`
   * or `namespace/name`, a Gateway API Gateway as `gateway.networking.k8s.io/namespace/name`.
   */
  readonly gateway: string;
  /**
   * In the mesh: the host the caller dialled (`voting-analytics`, `voting-analytics.voting`,
   * the FQDN). Through a gateway: the request's Host header (a port in it is ignored).
   */
  readonly host: string;
  /** In the mesh: the Service port dialled. Through a gateway: the gateway server's port. */
  readonly port: number;
  /** HTTP only: path and query, e.g. `/` or `/analytics?x=1`. Defaults to `/`. */
  readonly uri?: string;
  /** HTTP only: request headers; names are matched case-insensitively. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The caller's pod labels (for `sourceLabels`). */
  readonly sourceLabels?: Labels;
  /** The caller's namespace, for short host names. Defaults to the mesh's namespace. */
  readonly sourceNamespace?: string;
}

/** A pod and the container port the request reaches on it. */
export interface Endpoint {
  readonly pod: Pod;
  readonly port: number;
}

/** Where a request lands. */
export interface RouteDecision {
  readonly ok: true;
  /** The Service's short name, e.g. `voting-analytics`. */
  readonly service: string;
  readonly namespace: string;
  /** The Service's FQDN. */
  readonly host: string;
  /** The Service port the request is sent to. */
  readonly port: number;
  /** The DestinationRule subset, or undefined when the Service's pods are spread over. */
  readonly subset: string | undefined;
  /** Every pod the request may land on, with the container port it reaches. */
  readonly endpoints: readonly Endpoint[];
  /** The endpoint the mesh's picker chose among `endpoints`. */
  readonly endpoint: Endpoint;
  /** `namespace/name` of the VirtualService that decided, or undefined for default routing. */
  readonly virtualService: string | undefined;
  /** The TLS mode the caller's sidecar uses (from the DestinationRule), if one is set. */
  readonly tlsMode: string | undefined;
  /**
   * The gateway the request came through, as `RouteRequest.gateway` names it in full
   * (`namespace/name`, or `gateway.networking.k8s.io/namespace/name`); undefined in the mesh.
   */
  readonly gateway?: string;
  /** `namespace/name` of the HTTPRoute that decided, at a Gateway API Gateway. */
  readonly httpRoute?: string;
}

/** Why a request does not land: 404 = no route matches, 503 = the route leads nowhere. */
export interface RouteFailure {
  readonly ok: false;
  readonly status: 404 | 503;
  readonly reason: string;
}

export type RouteResult = RouteDecision | RouteFailure;
