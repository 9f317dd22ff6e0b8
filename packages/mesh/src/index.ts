export { buildMesh, type Mesh, type MeshOptions } from "./mesh.js";
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
