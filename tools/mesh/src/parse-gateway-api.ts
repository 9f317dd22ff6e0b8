import { RE2JS } from "re2js";
import { configHost } from "./hosts.js";
import type {
  ApiGatewayModel,
  BackendModel,
  HttpRouteMatch,
  HttpRouteModel,
  HttpRouteRule,
  ListenerModel,
  ParentRefModel,
  PathMatch,
  StringMatch,
} from "./model.js";
import {
  type At,
  child,
  fail,
  list,
  type Meta,
  object,
  optionalText,
  type Plain,
  port,
  specOf,
  text,
  at,
} from "./read.js";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

/** The only class the mesh models: Istio's own Gateway API implementation. */
const GATEWAY_CLASS = "istio";

function each<T>(place: At, value: unknown, read: (place: At, entry: unknown) => T): T[] {
  return list(place, value).map((entry, index) => read(child(place, index), entry));
}

function hostname(place: At, value: unknown): string {
  return text(place, value).toLowerCase();
}

/** `group` and `kind` of a reference may only name what the mesh models (their defaults). */
function onlyKind(place: At, fields: Plain, group: string, kind: string): void {
  if (fields.group !== undefined && fields.group !== group)
    fail(child(place, "group"), `${String(fields.group)} is not supported by @voting/mesh`);
  if (fields.kind !== undefined && fields.kind !== kind)
    fail(child(place, "kind"), `${String(fields.kind)} is not supported by @voting/mesh`);
}

export function readApiGateway(resource: Plain, meta: Meta): ApiGatewayModel {
  const spec = specOf(resource, meta, ["gatewayClassName", "listeners"]);
  const place = at(meta.where, "spec");
  const className = text(child(place, "gatewayClassName"), spec.gatewayClassName);
  if (className !== GATEWAY_CLASS)
    fail(child(place, "gatewayClassName"), `${className} is not supported by @voting/mesh`);
  const listeners = each(child(place, "listeners"), spec.listeners, readListener);
  if (listeners.length === 0) fail(child(place, "listeners"), "must name at least one listener");
  return { name: meta.name, namespace: meta.namespace, listeners };
}

function readListener(place: At, value: unknown): ListenerModel {
  const listener = object(place, value, ["name", "port", "protocol", "hostname", "allowedRoutes"]);
  const protocol = text(child(place, "protocol"), listener.protocol);
  if (protocol !== "HTTP")
    fail(child(place, "protocol"), `${protocol} is not supported by @voting/mesh`);
  return {
    name: text(child(place, "name"), listener.name),
    port: port(child(place, "port"), listener.port),
    hostname:
      listener.hostname === undefined
        ? undefined
        : hostname(child(place, "hostname"), listener.hostname),
    allowedFrom: readAllowedRoutes(child(place, "allowedRoutes"), listener.allowedRoutes),
  };
}

function readAllowedRoutes(place: At, value: unknown): "Same" | "All" {
  if (value === undefined) return "Same";
  const allowed = object(place, value, ["namespaces", "kinds"]);
  each(child(place, "kinds"), allowed.kinds, (kindAt, entry) =>
    onlyKind(kindAt, object(kindAt, entry, ["group", "kind"]), GATEWAY_API_GROUP, "HTTPRoute"),
  );
  if (allowed.namespaces === undefined) return "Same";
  const namespacesAt = child(place, "namespaces");
  const namespaces = object(namespacesAt, allowed.namespaces, ["from"]);
  const from = namespaces.from ?? "Same";
  if (from !== "Same" && from !== "All")
    fail(child(namespacesAt, "from"), `${String(from)} is not supported by @voting/mesh`);
  return from;
}

export function readHttpRoute(resource: Plain, meta: Meta): HttpRouteModel {
  const spec = specOf(resource, meta, ["parentRefs", "hostnames", "rules"]);
  const place = at(meta.where, "spec");
  const parentRefs = each(child(place, "parentRefs"), spec.parentRefs, (refAt, entry) =>
    readParentRef(refAt, entry, meta.namespace),
  );
  if (parentRefs.length === 0) fail(child(place, "parentRefs"), "must name at least one Gateway");
  return {
    name: meta.name,
    namespace: meta.namespace,
    parentRefs,
    hostnames: each(child(place, "hostnames"), spec.hostnames, hostname),
    rules: each(child(place, "rules"), spec.rules, (ruleAt, entry) =>
      readRule(ruleAt, entry, meta.namespace),
    ),
  };
}

function readParentRef(place: At, value: unknown, namespace: string): ParentRefModel {
  const ref = object(place, value, ["name", "namespace", "sectionName", "port", "group", "kind"]);
  onlyKind(place, ref, GATEWAY_API_GROUP, "Gateway");
  return {
    name: text(child(place, "name"), ref.name),
    namespace: optionalText(child(place, "namespace"), ref.namespace) ?? namespace,
    sectionName: optionalText(child(place, "sectionName"), ref.sectionName),
    port: ref.port === undefined ? undefined : port(child(place, "port"), ref.port),
  };
}

function readRule(place: At, value: unknown, namespace: string): HttpRouteRule {
  const rule = object(place, value, ["name", "matches", "backendRefs"]);
  const matches = each(child(place, "matches"), rule.matches, readMatch);
  const backends = each(child(place, "backendRefs"), rule.backendRefs, (refAt, entry) =>
    readBackend(refAt, entry, namespace),
  );
  if (backends.length === 0)
    fail(child(place, "backendRefs"), "must name at least one backend (@voting/mesh)");
  return {
    name: optionalText(child(place, "name"), rule.name),
    matches:
      matches.length > 0 ? matches : [{ path: { type: "PathPrefix", value: "/" }, headers: [] }],
    backends,
  };
}

function readMatch(place: At, value: unknown): HttpRouteMatch {
  const match = object(place, value, ["path", "headers"]);
  const headers = each(child(place, "headers"), match.headers, readHeaderMatch);
  const names = headers.map(([name]) => name);
  if (new Set(names).size !== names.length)
    fail(child(place, "headers"), "must not match one header twice");
  return {
    path:
      match.path === undefined
        ? { type: "PathPrefix", value: "/" }
        : readPath(child(place, "path"), match.path),
    headers,
  };
}

function readPath(place: At, value: unknown): PathMatch {
  const path = object(place, value, ["type", "value"]);
  const type = path.type ?? "PathPrefix";
  if (type !== "PathPrefix" && type !== "Exact")
    fail(child(place, "type"), `${String(type)} is not supported by @voting/mesh`);
  const raw = path.value === undefined ? "/" : text(child(place, "value"), path.value);
  if (!raw.startsWith("/")) fail(child(place, "value"), "must begin with /");
  // A PathPrefix ignores a trailing slash: /abc/ covers what /abc covers.
  const trimmed = type === "PathPrefix" && raw.length > 1 ? raw.replace(/\/+$/, "") : raw;
  return { type, value: trimmed === "" ? "/" : trimmed };
}

function readHeaderMatch(place: At, value: unknown): readonly [string, StringMatch] {
  const header = object(place, value, ["name", "type", "value"]);
  const name = text(child(place, "name"), header.name).toLowerCase();
  const type = header.type ?? "Exact";
  const valueAt = child(place, "value");
  if (typeof header.value !== "string") fail(valueAt, "must be a string");
  if (type === "Exact") return [name, { exact: header.value }];
  if (type !== "RegularExpression")
    fail(child(place, "type"), `${String(type)} is not supported by @voting/mesh`);
  try {
    return [name, { regex: RE2JS.compile(header.value), source: header.value }];
  } catch (error) {
    return fail(valueAt, `is not a valid RE2 expression: ${(error as Error).message}`);
  }
}

function readBackend(place: At, value: unknown, namespace: string): BackendModel {
  const ref = object(place, value, ["name", "namespace", "port", "weight", "group", "kind"]);
  onlyKind(place, ref, "", "Service");
  const own = optionalText(child(place, "namespace"), ref.namespace);
  if (own !== undefined && own !== namespace)
    fail(child(place, "namespace"), "another namespace is not supported by @voting/mesh");
  if (ref.port === undefined) fail(child(place, "port"), "is required for a Service");
  const weight = ref.weight ?? 1;
  if (!Number.isInteger(weight) || (weight as number) < 0)
    fail(child(place, "weight"), "must be a whole number");
  return {
    host: configHost(text(child(place, "name"), ref.name), namespace),
    port: port(child(place, "port"), ref.port),
    weight: weight as number,
  };
}
