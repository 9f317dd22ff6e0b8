import { MeshConfigError } from "./errors.js";
import { hostMatches, hostSpecificity, stripPort } from "./hosts.js";
import type {
  ApiGatewayModel,
  HttpRouteMatch,
  HttpRouteModel,
  HttpRouteRule,
  ListenerModel,
  MeshModel,
  ParentRefModel,
  StringMatch,
} from "./model.js";
import { GATEWAY_API_GROUP } from "./parse-gateway-api.js";
import type { RouteFailure, RouteRequest } from "./route-types.js";

/** How `RouteRequest.gateway` names a Gateway API Gateway: `gateway.networking.k8s.io/ns/name`. */
export function apiGatewayRef(gateway: { readonly namespace: string; readonly name: string }) {
  return `${GATEWAY_API_GROUP}/${gateway.namespace}/${gateway.name}`;
}

export function isApiGatewayRef(reference: string): boolean {
  return reference.startsWith(`${GATEWAY_API_GROUP}/`);
}

export interface RouteChoice {
  readonly route: HttpRouteModel;
  readonly rule: HttpRouteRule;
}

const notFound = (reason: string): RouteFailure => ({ ok: false, status: 404, reason });

function hostsIntersect(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

function accepts(
  listener: ListenerModel,
  gateway: ApiGatewayModel,
  ref: ParentRefModel,
  route: HttpRouteModel,
): boolean {
  if (ref.sectionName !== undefined && ref.sectionName !== listener.name) return false;
  if (ref.port !== undefined && ref.port !== listener.port) return false;
  if (listener.allowedFrom === "Same" && route.namespace !== gateway.namespace) return false;
  const { hostname } = listener;
  return (
    hostname === undefined ||
    route.hostnames.length === 0 ||
    route.hostnames.some((name) => hostsIntersect(name, hostname))
  );
}

/** Whether `route` is attached to `listener` of `gateway` through one of its parentRefs. */
function attached(route: HttpRouteModel, gateway: ApiGatewayModel, listener: ListenerModel) {
  return route.parentRefs.some(
    (ref) =>
      ref.namespace === gateway.namespace &&
      ref.name === gateway.name &&
      accepts(listener, gateway, ref, route),
  );
}

/**
 * Istio leaves a route that names an existing Gateway but fits none of its listeners
 * unaccepted; the mesh refuses it rather than guess. A Gateway that does not exist (yet)
 * simply has nothing attached, as a VirtualService bound to a missing Gateway routes nothing.
 */
export function checkAttachments(model: MeshModel): void {
  for (const route of model.httpRoutes) {
    route.parentRefs.forEach((ref, index) => {
      const gateway = model.apiGateways.find(
        (candidate) => candidate.namespace === ref.namespace && candidate.name === ref.name,
      );
      if (!gateway) return;
      if (gateway.listeners.some((listener) => accepts(listener, gateway, ref, route))) return;
      throw new MeshConfigError(
        `HTTPRoute ${route.namespace}/${route.name}: spec.parentRefs[${index}] fits no listener of Gateway ${ref.namespace}/${ref.name} (sectionName, port, allowedRoutes or hostnames), so Istio would not accept it`,
      );
    });
  }
}

/** Envoy matches a PathPrefix by whole path elements and ignores the query. */
function pathFits(match: HttpRouteMatch, path: string): boolean {
  const { type, value } = match.path;
  if (type === "Exact") return path === value;
  return value === "/" || path === value || path.startsWith(`${value}/`);
}

function headerFits(condition: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if ("exact" in condition) return value === condition.exact;
  if ("prefix" in condition) return value.startsWith(condition.prefix);
  return condition.regex.matches(value);
}

/** Sort keys, most important first, larger wins: the Gateway API's precedence of matches. */
function precedence(match: HttpRouteMatch, hostname: number[]): number[] {
  const exact = match.path.type === "Exact" ? 1 : 0;
  const prefixLength = match.path.type === "PathPrefix" ? match.path.value.length : 0;
  return [...hostname, exact, prefixLength, match.headers.length];
}

/** Characters of the route's most specific hostname that covers the request's host. */
function hostnameRank(route: HttpRouteModel, authority: string): number[] | undefined {
  if (route.hostnames.length === 0) return [0, 0];
  const covering = route.hostnames.filter((name) => hostMatches(name, authority));
  if (covering.length === 0) return undefined;
  return covering
    .map((name) => [name.startsWith("*") ? 0 : name.length, name.length])
    .sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]!)[0];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return b[index]! - a[index]!;
  }
  return 0;
}

/**
 * The rule of the routes attached to `gateway` that the request fits, by the Gateway API's
 * precedence: hostname, then Exact path, longest prefix, most headers; ties go to the route
 * applied first, then to the first rule and match of that route (the sort is stable).
 */
export function chooseRule(
  model: MeshModel,
  gateway: ApiGatewayModel,
  request: RouteRequest,
  headers: Readonly<Record<string, string>>,
): RouteChoice | RouteFailure {
  const where = `Gateway ${apiGatewayRef(gateway)}`;
  if (request.kind !== "http") return notFound(`${where} serves HTTP only`);
  const authority = stripPort(request.host).toLowerCase();
  const listener = gateway.listeners
    .filter(
      (entry) =>
        entry.port === request.port &&
        (entry.hostname === undefined || hostMatches(entry.hostname, authority)),
    )
    .sort((a, b) => hostSpecificity(b.hostname ?? "*") - hostSpecificity(a.hostname ?? "*"))[0];
  if (!listener) return notFound(`${where} has no listener for ${authority}:${request.port}`);
  const path = (request.uri ?? "/").split("?")[0]!;
  const candidates: { choice: RouteChoice; rank: number[] }[] = [];
  for (const route of model.httpRoutes) {
    if (!attached(route, gateway, listener)) continue;
    const hostname = hostnameRank(route, authority);
    if (!hostname) continue;
    for (const rule of route.rules) {
      for (const match of rule.matches) {
        const fits =
          pathFits(match, path) &&
          match.headers.every(([name, condition]) => headerFits(condition, headers[name]));
        if (fits) candidates.push({ choice: { route, rule }, rank: precedence(match, hostname) });
      }
    }
  }
  const best = candidates.sort((a, b) => compare(a.rank, b.rank))[0];
  return best
    ? best.choice
    : notFound(`no HTTPRoute on listener ${listener.name} of ${where} matches the request`);
}
