/** A kind the playground serves, with the names kubectl knows it by. */
export interface ResourceType {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly short: readonly string[];
  readonly namespaced: boolean;
  /** Made by the playground itself (pods, events): listed, read and deleted, never applied. */
  readonly derived?: boolean;
  /** Built into Kubernetes: kubectl patches it with a strategic merge patch, a CRD with a merge patch. */
  readonly builtIn: boolean;
}

const GATEWAY_API = "gateway.networking.k8s.io";
const ISTIO_NETWORKING = "networking.istio.io";
const core = (kind: string, plural: string, short: string[] = [], extra = {}): ResourceType => ({
  kind,
  group: "",
  version: "v1",
  plural,
  short,
  namespaced: true,
  builtIn: true,
  ...extra,
});
const crd = (group: string, kind: string, plural: string, short: string[]): ResourceType => ({
  kind,
  group,
  version: "v1",
  plural,
  short,
  namespaced: true,
  builtIn: false,
});

/** In the order discovery lists them: `gateways` then means Istio's, as the tutorial's `gw`. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  core("Namespace", "namespaces", ["ns"], { namespaced: false }),
  core("Pod", "pods", ["po"], { derived: true }),
  core("Event", "events", ["ev"], { derived: true }),
  core("Service", "services", ["svc"]),
  core("Secret", "secrets"),
  core("PersistentVolumeClaim", "persistentvolumeclaims", ["pvc"]),
  core("ConfigMap", "configmaps", ["cm"]),
  core("ServiceAccount", "serviceaccounts", ["sa"]),
  { ...core("Deployment", "deployments", ["deploy"]), group: "apps" },
  crd(ISTIO_NETWORKING, "VirtualService", "virtualservices", ["vs"]),
  crd(ISTIO_NETWORKING, "DestinationRule", "destinationrules", ["dr"]),
  crd(ISTIO_NETWORKING, "Gateway", "gateways", ["gw"]),
  crd("security.istio.io", "PeerAuthentication", "peerauthentications", ["pa"]),
  crd(GATEWAY_API, "Gateway", "gateways", ["gtw"]),
  crd(GATEWAY_API, "HTTPRoute", "httproutes", []),
];

export const groupVersion = (type: ResourceType) =>
  type.group ? `${type.group}/${type.version}` : type.version;

/** The type served at this group and plural, if any. */
export function typeAt(group: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => type.group === group && type.plural === plural);
}

/** The type of an object's apiVersion and kind, if served. */
export function typeOfObject(apiVersion: unknown, kind: unknown): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => groupVersion(type) === apiVersion && type.kind === kind);
}

/** `deployments.apps`, `pods`: how kubectl names a type in its messages. */
export function pluralName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** `deployment.apps`, `service`: how kubectl names one object's type (as @voting/mesh's kubectlKind). */
export function singularName(type: ResourceType): string {
  return type.group ? `${type.kind.toLowerCase()}.${type.group}` : type.kind.toLowerCase();
}
