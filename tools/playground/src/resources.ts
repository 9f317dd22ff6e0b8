/** A kind the playground serves, with the names kubectl accepts for it. */
export interface ResourceType {
  readonly kind: string;
  readonly group: string;
  readonly plural: string;
  readonly short: readonly string[];
}

const GATEWAY_API = "gateway.networking.k8s.io";

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { kind: "Pod", group: "", plural: "pods", short: ["po"] },
  { kind: "Deployment", group: "apps", plural: "deployments", short: ["deploy"] },
  { kind: "Service", group: "", plural: "services", short: ["svc"] },
  { kind: "Secret", group: "", plural: "secrets", short: [] },
  { kind: "PersistentVolumeClaim", group: "", plural: "persistentvolumeclaims", short: ["pvc"] },
  { kind: "ConfigMap", group: "", plural: "configmaps", short: ["cm"] },
  { kind: "ServiceAccount", group: "", plural: "serviceaccounts", short: ["sa"] },
  { kind: "Namespace", group: "", plural: "namespaces", short: ["ns"] },
  {
    kind: "VirtualService",
    group: "networking.istio.io",
    plural: "virtualservices",
    short: ["vs"],
  },
  {
    kind: "DestinationRule",
    group: "networking.istio.io",
    plural: "destinationrules",
    short: ["dr"],
  },
  { kind: "Gateway", group: "networking.istio.io", plural: "gateways", short: ["gw"] },
  // kubectl's `gateways` means Istio's here (listed first); the Gateway API's is `gtw`.
  { kind: "Gateway", group: GATEWAY_API, plural: "gateways", short: ["gtw"] },
  { kind: "HTTPRoute", group: GATEWAY_API, plural: "httproutes", short: [] },
  {
    kind: "PeerAuthentication",
    group: "security.istio.io",
    plural: "peerauthentications",
    short: ["pa"],
  },
];

/** `deployment`, `deployments`, `deploy`, `deployment.apps`: the type they name, if served. */
export function resolveResource(text: string): ResourceType | undefined {
  const lower = text.toLowerCase();
  return RESOURCE_TYPES.find((type) => {
    const names = [type.kind.toLowerCase(), type.plural, ...type.short];
    return names.some(
      (name) => lower === name || (type.group !== "" && lower === `${name}.${type.group}`),
    );
  });
}

/** The name kubectl prints in `deployment.apps/x created` (the same as @voting/mesh's kubectlKind). */
export function singularName(type: ResourceType): string {
  return type.group ? `${type.kind.toLowerCase()}.${type.group}` : type.kind.toLowerCase();
}

/** The name kubectl prints in `deployments.apps "x" not found`. */
export function pluralName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** Why an object of this apiVersion and kind cannot be applied here, or undefined if it can. */
export function unservedKind(object: { apiVersion?: unknown; kind?: unknown }): string | undefined {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const type = RESOURCE_TYPES.find(
    (candidate) => candidate.kind === kind && candidate.group === group,
  );
  if (type?.kind === "Pod") return "pods are made by Deployments here; apply a Deployment";
  if (type) return undefined;
  const kindsOf = (apiGroup: (group: string) => boolean) =>
    RESOURCE_TYPES.filter((candidate) => candidate.kind !== "Pod" && apiGroup(candidate.group))
      .map((candidate) => candidate.kind)
      .join(", ");
  const served = `${kindsOf((candidate) => candidate !== GATEWAY_API)}; from the Gateway API, ${kindsOf((candidate) => candidate === GATEWAY_API)}`;
  const hint =
    group === "authentication.istio.io" && kind === "Policy"
      ? " (Istio replaced this Policy with PeerAuthentication in security.istio.io/v1)"
      : "";
  return `no matches for kind "${kind}" in version "${apiVersion}"${hint}: the playground serves ${served}`;
}
