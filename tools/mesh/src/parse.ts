import { RE2JS } from "re2js";
import { configHost } from "./hosts.js";
import type {
  ApiGatewayModel,
  ContainerPort,
  DeploymentModel,
  Destination,
  DestinationRuleModel,
  GatewayModel,
  HttpRouteModel,
  MeshModel,
  PeerAuthenticationModel,
  RouteMatch,
  RouteRule,
  ServiceModel,
  StringMatch,
  VirtualServiceModel,
  WeightedDestination,
} from "./model.js";
import {
  type At,
  at,
  child,
  fail,
  isPlain,
  labels,
  list,
  type Meta,
  object,
  optionalText,
  type Plain,
  port,
  specOf,
  text,
} from "./read.js";
import { GATEWAY_API_VERSION, readApiGateway, readHttpRoute } from "./parse-gateway-api.js";

const ISTIO_NETWORKING = [
  "networking.istio.io/v1",
  "networking.istio.io/v1beta1",
  "networking.istio.io/v1alpha3",
];
const ISTIO_SECURITY = ["security.istio.io/v1", "security.istio.io/v1beta1"];

/** Kinds that take no part in routing: accepted and left out of the model. */
const INERT_KINDS = new Set([
  "v1/Namespace",
  "v1/Secret",
  "v1/ConfigMap",
  "v1/PersistentVolumeClaim",
  "v1/ServiceAccount",
]);

/**
 * Reads Kubernetes and Istio resources (parsed YAML) into the routing model. Resources
 * without a namespace land in `defaultNamespace`, as `kubectl apply --namespace` puts them.
 */
export function parseResources(resources: readonly unknown[], defaultNamespace: string): MeshModel {
  const model = {
    services: [] as ServiceModel[],
    deployments: [] as DeploymentModel[],
    destinationRules: [] as DestinationRuleModel[],
    virtualServices: [] as VirtualServiceModel[],
    gateways: [] as GatewayModel[],
    peerAuthentications: [] as PeerAuthenticationModel[],
    apiGateways: [] as ApiGatewayModel[],
    httpRoutes: [] as HttpRouteModel[],
  };
  resources.forEach((resource, index) => {
    const place = at(`resource #${index + 1}`);
    if (!isPlain(resource)) fail(place, "must be an object");
    const apiVersion = text(child(place, "apiVersion"), resource.apiVersion);
    const kind = text(child(place, "kind"), resource.kind);
    const meta = readMeta(resource, kind, defaultNamespace, place);
    const type = `${apiVersion}/${kind}`;
    if (INERT_KINDS.has(type)) return;
    if (type === "v1/Service") model.services.push(readService(resource, meta));
    else if (type === "apps/v1/Deployment") model.deployments.push(readDeployment(resource, meta));
    else if (kind === "DestinationRule" && ISTIO_NETWORKING.includes(apiVersion)) {
      model.destinationRules.push(readDestinationRule(resource, meta));
    } else if (kind === "VirtualService" && ISTIO_NETWORKING.includes(apiVersion)) {
      model.virtualServices.push(readVirtualService(resource, meta));
    } else if (kind === "Gateway" && ISTIO_NETWORKING.includes(apiVersion)) {
      model.gateways.push(readGateway(resource, meta));
    } else if (kind === "PeerAuthentication" && ISTIO_SECURITY.includes(apiVersion)) {
      model.peerAuthentications.push(readPeerAuthentication(resource, meta));
    } else if (type === `${GATEWAY_API_VERSION}/Gateway`) {
      model.apiGateways.push(readApiGateway(resource, meta));
    } else if (type === `${GATEWAY_API_VERSION}/HTTPRoute`) {
      model.httpRoutes.push(readHttpRoute(resource, meta));
    } else {
      fail(place, `kind ${kind} (${apiVersion}) is not supported by @voting/mesh`);
    }
  });
  return model;
}

function readMeta(resource: Plain, kind: string, defaultNamespace: string, place: At): Meta {
  const metadata = resource.metadata;
  if (!isPlain(metadata)) fail(child(place, "metadata"), "must be an object");
  const name = text(child(place, "metadata.name"), metadata.name);
  const namespace =
    optionalText(child(place, "metadata.namespace"), metadata.namespace) ?? defaultNamespace;
  return { name, namespace, where: `${kind} ${namespace}/${name}` };
}

function readService(resource: Plain, meta: Meta): ServiceModel {
  const spec = specOf(resource, meta, ["selector", "ports", "type"]);
  const place = at(meta.where, "spec");
  if (
    spec.type !== undefined &&
    !["ClusterIP", "NodePort", "LoadBalancer"].includes(spec.type as string)
  ) {
    fail(child(place, "type"), `${String(spec.type)} is not supported by @voting/mesh`);
  }
  const ports = list(child(place, "ports"), spec.ports).map((entry, index) => {
    const portAt = child(child(place, "ports"), index);
    const fields = object(portAt, entry, [
      "name",
      "port",
      "targetPort",
      "protocol",
      "appProtocol",
      "nodePort",
    ]);
    if (fields.protocol !== undefined && fields.protocol !== "TCP") {
      fail(
        child(portAt, "protocol"),
        "must be TCP: other protocols are not supported by @voting/mesh",
      );
    }
    const number = port(child(portAt, "port"), fields.port);
    const targetPort =
      fields.targetPort === undefined
        ? number
        : typeof fields.targetPort === "string"
          ? text(child(portAt, "targetPort"), fields.targetPort)
          : port(child(portAt, "targetPort"), fields.targetPort);
    return {
      name: optionalText(child(portAt, "name"), fields.name),
      port: number,
      targetPort,
      appProtocol: optionalText(child(portAt, "appProtocol"), fields.appProtocol),
    };
  });
  return {
    name: meta.name,
    namespace: meta.namespace,
    host: configHost(meta.name, meta.namespace),
    selector:
      spec.selector === undefined ? undefined : labels(child(place, "selector"), spec.selector),
    ports,
  };
}

/** A Deployment counts for its replicas, pod labels and container ports; the rest is not routing. */
function readDeployment(resource: Plain, meta: Meta): DeploymentModel {
  const place = at(meta.where, "spec");
  const spec = resource.spec;
  if (!isPlain(spec)) fail(place, "must be an object");
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || (replicas as number) < 0)
    fail(child(place, "replicas"), "must be a whole number");
  const template = spec.template;
  if (!isPlain(template) || !isPlain(template.spec))
    fail(child(place, "template.spec"), "must be an object");
  const podLabels = labels(
    child(place, "template.metadata.labels"),
    isPlain(template.metadata) ? template.metadata.labels : undefined,
  );
  const ports: ContainerPort[] = [];
  list(child(place, "template.spec.containers"), template.spec.containers).forEach(
    (container, index) => {
      const containerAt = child(child(place, "template.spec.containers"), index);
      if (!isPlain(container)) fail(containerAt, "must be an object");
      list(child(containerAt, "ports"), container.ports).forEach((entry, portIndex) => {
        const portAt = child(child(containerAt, "ports"), portIndex);
        if (!isPlain(entry)) fail(portAt, "must be an object");
        ports.push({
          name: optionalText(child(portAt, "name"), entry.name),
          containerPort: port(child(portAt, "containerPort"), entry.containerPort),
        });
      });
    },
  );
  return {
    name: meta.name,
    namespace: meta.namespace,
    replicas: replicas as number,
    labels: podLabels,
    ports,
  };
}

function readTlsMode(place: At, trafficPolicy: unknown): string | undefined {
  if (trafficPolicy === undefined) return undefined;
  const policy = object(place, trafficPolicy, ["tls"]);
  if (policy.tls === undefined) return undefined;
  const tls = object(child(place, "tls"), policy.tls, ["mode"]);
  return optionalText(child(place, "tls.mode"), tls.mode);
}

function readDestinationRule(resource: Plain, meta: Meta): DestinationRuleModel {
  const spec = specOf(resource, meta, ["host", "subsets", "trafficPolicy"]);
  const place = at(meta.where, "spec");
  const subsets = list(child(place, "subsets"), spec.subsets).map((entry, index) => {
    const subsetAt = child(child(place, "subsets"), index);
    const subset = object(subsetAt, entry, ["name", "labels", "trafficPolicy"]);
    return {
      name: text(child(subsetAt, "name"), subset.name),
      labels: labels(child(subsetAt, "labels"), subset.labels),
      tlsMode: readTlsMode(child(subsetAt, "trafficPolicy"), subset.trafficPolicy),
    };
  });
  return {
    name: meta.name,
    namespace: meta.namespace,
    host: configHost(text(child(place, "host"), spec.host), meta.namespace),
    tlsMode: readTlsMode(child(place, "trafficPolicy"), spec.trafficPolicy),
    subsets,
  };
}

/** `name` means the Gateway of that name in the resource's namespace; `mesh` stays as it is. */
export function gatewayRef(reference: string, namespace: string): string {
  return reference === "mesh" || reference.includes("/") ? reference : `${namespace}/${reference}`;
}

function readGatewayRefs(place: At, value: unknown, namespace: string): string[] {
  return list(place, value).map((entry, index) =>
    gatewayRef(text(child(place, index), entry), namespace),
  );
}

function readStringMatch(place: At, value: unknown): StringMatch {
  const match = object(place, value, ["exact", "prefix", "regex"]);
  const keys = Object.keys(match);
  if (keys.length !== 1) fail(place, "must have exactly one of exact, prefix or regex");
  if (match.exact !== undefined)
    return { exact: textAllowEmpty(child(place, "exact"), match.exact) };
  if (match.prefix !== undefined)
    return { prefix: textAllowEmpty(child(place, "prefix"), match.prefix) };
  const source = textAllowEmpty(child(place, "regex"), match.regex);
  try {
    return { regex: RE2JS.compile(source), source };
  } catch (error) {
    return fail(
      child(place, "regex"),
      `is not a valid RE2 expression: ${(error as Error).message}`,
    );
  }
}

function textAllowEmpty(place: At, value: unknown): string {
  if (typeof value !== "string") fail(place, "must be a string");
  return value;
}

function readMatch(
  place: At,
  value: unknown,
  protocol: "http" | "tcp",
  namespace: string,
): RouteMatch {
  const supported =
    protocol === "http"
      ? ["name", "uri", "headers", "sourceLabels", "port", "gateways"]
      : ["sourceLabels", "port", "gateways"];
  const match = object(place, value, supported);
  const headers: (readonly [string, StringMatch])[] = [];
  if (match.headers !== undefined) {
    const headersAt = child(place, "headers");
    if (!isPlain(match.headers)) fail(headersAt, "must be a map of header name to match");
    for (const [name, condition] of Object.entries(match.headers)) {
      if (name !== name.toLowerCase())
        fail(child(headersAt, name), "header names must be lower case");
      headers.push([name, readStringMatch(child(headersAt, name), condition)]);
    }
  }
  return {
    uri: match.uri === undefined ? undefined : readStringMatch(child(place, "uri"), match.uri),
    headers,
    sourceLabels:
      match.sourceLabels === undefined
        ? undefined
        : labels(child(place, "sourceLabels"), match.sourceLabels),
    port: match.port === undefined ? undefined : port(child(place, "port"), match.port),
    gateways:
      match.gateways === undefined
        ? undefined
        : readGatewayRefs(child(place, "gateways"), match.gateways, namespace),
  };
}

function readDestination(place: At, value: unknown, namespace: string): Destination {
  const destination = object(place, value, ["host", "subset", "port"]);
  let number: number | undefined;
  if (destination.port !== undefined) {
    const portAt = child(place, "port");
    number = port(child(portAt, "number"), object(portAt, destination.port, ["number"]).number);
  }
  return {
    host: configHost(text(child(place, "host"), destination.host), namespace),
    subset: optionalText(child(place, "subset"), destination.subset),
    port: number,
  };
}

function readRoute(place: At, value: unknown, namespace: string): WeightedDestination[] {
  const route = list(place, value).map((entry, index) => {
    const entryAt = child(place, index);
    const fields = object(entryAt, entry, ["destination", "weight"]);
    const weight = fields.weight ?? 0;
    if (!Number.isInteger(weight) || (weight as number) < 0)
      fail(child(entryAt, "weight"), "must be a whole number");
    return {
      destination: readDestination(child(entryAt, "destination"), fields.destination, namespace),
      weight: weight as number,
    };
  });
  if (route.length === 0) fail(place, "must name at least one destination");
  // Istio sends everything to a lone destination whatever its weight.
  if (route.length === 1) return [{ destination: route[0]!.destination, weight: 100 }];
  if (route.every((entry) => entry.weight === 0))
    fail(place, "has several destinations but no weights");
  return route;
}

function readRules(
  place: At,
  value: unknown,
  protocol: "http" | "tcp",
  namespace: string,
): RouteRule[] {
  return list(place, value).map((entry, index) => {
    const ruleAt = child(place, index);
    const rule = object(
      ruleAt,
      entry,
      protocol === "http" ? ["name", "match", "route"] : ["match", "route"],
    );
    const matchAt = child(ruleAt, "match");
    return {
      name: optionalText(child(ruleAt, "name"), rule.name),
      match: list(matchAt, rule.match).map((match, matchIndex) =>
        readMatch(child(matchAt, matchIndex), match, protocol, namespace),
      ),
      route: readRoute(child(ruleAt, "route"), rule.route, namespace),
    };
  });
}

function readVirtualService(resource: Plain, meta: Meta): VirtualServiceModel {
  const spec = specOf(resource, meta, ["hosts", "gateways", "http", "tcp"]);
  const place = at(meta.where, "spec");
  const hosts = list(child(place, "hosts"), spec.hosts).map((host, index) =>
    configHost(text(child(child(place, "hosts"), index), host), meta.namespace),
  );
  if (hosts.length === 0) fail(child(place, "hosts"), "must name at least one host");
  const gateways = readGatewayRefs(child(place, "gateways"), spec.gateways, meta.namespace);
  return {
    name: meta.name,
    namespace: meta.namespace,
    hosts,
    gateways: gateways.length > 0 ? gateways : ["mesh"],
    http: readRules(child(place, "http"), spec.http, "http", meta.namespace),
    tcp: readRules(child(place, "tcp"), spec.tcp, "tcp", meta.namespace),
  };
}

function readGateway(resource: Plain, meta: Meta): GatewayModel {
  const spec = specOf(resource, meta, ["selector", "servers"]);
  const place = at(meta.where, "spec");
  const servers = list(child(place, "servers"), spec.servers).map((entry, index) => {
    const serverAt = child(child(place, "servers"), index);
    const server = object(serverAt, entry, ["port", "hosts", "name"]);
    const portAt = child(serverAt, "port");
    const serverPort = object(portAt, server.port, ["number", "name", "protocol"]);
    const protocol = text(child(portAt, "protocol"), serverPort.protocol).toUpperCase();
    if (!["HTTP", "HTTP2", "GRPC", "TCP"].includes(protocol)) {
      fail(child(portAt, "protocol"), `${protocol} is not supported by @voting/mesh`);
    }
    return {
      port: port(child(portAt, "number"), serverPort.number),
      protocol,
      hosts: list(child(serverAt, "hosts"), server.hosts).map((host, hostIndex) =>
        text(child(child(serverAt, "hosts"), hostIndex), host),
      ),
    };
  });
  return {
    name: meta.name,
    namespace: meta.namespace,
    selector: labels(child(place, "selector"), spec.selector),
    servers,
  };
}

function readPeerAuthentication(resource: Plain, meta: Meta): PeerAuthenticationModel {
  const spec = specOf(resource, meta, ["selector", "mtls"]);
  const place = at(meta.where, "spec");
  let selector;
  if (spec.selector !== undefined) {
    const fields = object(child(place, "selector"), spec.selector, ["matchLabels"]);
    selector = labels(child(place, "selector.matchLabels"), fields.matchLabels);
  }
  const mtls = spec.mtls === undefined ? {} : object(child(place, "mtls"), spec.mtls, ["mode"]);
  return {
    name: meta.name,
    namespace: meta.namespace,
    selector,
    mode: optionalText(child(place, "mtls.mode"), mtls.mode),
  };
}
