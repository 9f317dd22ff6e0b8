export { buildMesh, type Mesh, type MeshOptions } from "./mesh.js";
export {
  INGRESS_LABELS,
  type IngressGateway,
  type IngressRequest,
  type IstioInstall,
} from "./ingress.js";
export { apiGatewayRef } from "./gateway-api.js";
export { GATEWAY_API_GROUP, GATEWAY_API_VERSION } from "./parse-gateway-api.js";
export type {
  RouteRequest,
  RouteResult,
  RouteDecision,
  RouteFailure,
  Endpoint,
} from "./route-types.js";
export type { Pod, ContainerPort } from "./model.js";
export { type Picker, roundRobin, seededRandom } from "./pick.js";
export { MeshConfigError } from "./errors.js";
export { type Labels, selects, parseLabelSelector } from "./labels.js";
export { configHost, requestHost } from "./hosts.js";
export { ISTIO_PORT_PROTOCOLS, portProtocol, routingKind } from "./protocol.js";
export {
  type AppliedResources,
  type ApplyResult,
  type KubeObject,
  type DeleteNamedResult,
  type ObjectRef,
  applyResources,
  deleteNamed,
  deleteResources,
  kubectlKind,
  resourceKey,
} from "./apply.js";
