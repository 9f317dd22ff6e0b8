import type { RE2JS } from "re2js";
import type { Labels } from "./labels.js";

/** A running (or modelled) pod: its labels and the container ports it declares. */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** The Deployment the pod was expanded from, when it came from one. */
  readonly deployment?: string;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  /** A number, or the name of a container port. */
  readonly targetPort: number | string;
  readonly appProtocol?: string;
}

export interface ServiceModel {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly selector: Labels | undefined;
  readonly ports: readonly ServicePort[];
}

export interface SubsetModel {
  readonly name: string;
  readonly labels: Labels;
  readonly tlsMode: string | undefined;
}

export interface DestinationRuleModel {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly tlsMode: string | undefined;
  readonly subsets: readonly SubsetModel[];
}

export type StringMatch =
  | { readonly exact: string }
  | { readonly prefix: string }
  | { readonly regex: RE2JS; readonly source: string };

export interface RouteMatch {
  readonly uri?: StringMatch;
  readonly headers: readonly (readonly [string, StringMatch])[];
  readonly sourceLabels?: Labels;
  readonly port?: number;
  /** Normalised gateway references ("namespace/name" or "mesh"); undefined = the VirtualService's. */
  readonly gateways?: readonly string[];
}

export interface Destination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
}

export interface WeightedDestination {
  readonly destination: Destination;
  readonly weight: number;
}

export interface RouteRule {
  readonly name?: string;
  /** Empty: the rule applies to every request. */
  readonly match: readonly RouteMatch[];
  readonly route: readonly WeightedDestination[];
}

export interface VirtualServiceModel {
  readonly name: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly gateways: readonly string[];
  readonly http: readonly RouteRule[];
  readonly tcp: readonly RouteRule[];
}

export interface GatewayServer {
  readonly port: number;
  readonly protocol: string;
  /** `[namespace/]host` entries, as written. */
  readonly hosts: readonly string[];
}

export interface GatewayModel {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Labels;
  readonly servers: readonly GatewayServer[];
}

export interface PeerAuthenticationModel {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Labels | undefined;
  readonly mode: string | undefined;
}

export interface DeploymentModel {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
}

/** A listener of a Gateway API Gateway. Only HTTP listeners are modelled. */
export interface ListenerModel {
  readonly name: string;
  readonly port: number;
  /** Undefined: any host. */
  readonly hostname: string | undefined;
  /** Which namespaces' routes may attach: the Gateway's own (`Same`) or any (`All`). */
  readonly allowedFrom: "Same" | "All";
}

/** A `gateway.networking.k8s.io` Gateway of class `istio`. */
export interface ApiGatewayModel {
  readonly name: string;
  readonly namespace: string;
  readonly listeners: readonly ListenerModel[];
}

export interface PathMatch {
  readonly type: "Exact" | "PathPrefix";
  /** For PathPrefix, without a trailing slash (`/` stays `/`). */
  readonly value: string;
}

export interface HttpRouteMatch {
  readonly path: PathMatch;
  /** Lower-case header name and its condition (`exact` or `regex`). */
  readonly headers: readonly (readonly [string, StringMatch])[];
}

export interface BackendModel {
  /** The Service's FQDN. */
  readonly host: string;
  readonly port: number;
  readonly weight: number;
}

export interface HttpRouteRule {
  readonly name: string | undefined;
  /** Never empty: a rule without matches has the default one, PathPrefix `/`. */
  readonly matches: readonly HttpRouteMatch[];
  readonly backends: readonly BackendModel[];
}

export interface ParentRefModel {
  readonly namespace: string;
  readonly name: string;
  readonly sectionName: string | undefined;
  readonly port: number | undefined;
}

export interface HttpRouteModel {
  readonly name: string;
  readonly namespace: string;
  readonly parentRefs: readonly ParentRefModel[];
  /** Empty: every host the listener accepts. */
  readonly hostnames: readonly string[];
  readonly rules: readonly HttpRouteRule[];
}

export interface MeshModel {
  readonly services: readonly ServiceModel[];
  readonly deployments: readonly DeploymentModel[];
  readonly destinationRules: readonly DestinationRuleModel[];
  readonly virtualServices: readonly VirtualServiceModel[];
  readonly gateways: readonly GatewayModel[];
  readonly peerAuthentications: readonly PeerAuthenticationModel[];
  /** Gateway API Gateways and HTTPRoutes, in the order applied (the Gateway API's "oldest first"). */
  readonly apiGateways: readonly ApiGatewayModel[];
  readonly httpRoutes: readonly HttpRouteModel[];
}
