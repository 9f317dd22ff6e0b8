// Small builders of Kubernetes and Istio objects, so each test states only what it is about.
type Labels = Record<string, string>;
const NS = "shop";

export function deployment(
  name: string,
  labels: Labels,
  options: { replicas?: number; ports?: { name?: string; containerPort: number }[] } = {},
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: `${name}:1`,
              ports: options.ports ?? [{ name: "http", containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

export function service(
  name: string,
  ports: { name?: string; port: number; targetPort?: number | string }[] = [
    { name: "http", port: 8080, targetPort: "http" },
  ],
  selector: Labels = { app: name },
) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: NS },
    spec: { selector, ports },
  };
}

export function destinationRule(name: string, subsets: Record<string, Labels>) {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name, namespace: NS },
    spec: {
      host: name,
      trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
      subsets: Object.entries(subsets).map(([subset, labels]) => ({ name: subset, labels })),
    },
  };
}

export function virtualService(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name, namespace: NS },
    spec: { hosts: [name], ...spec },
  };
}

export function gateway(
  name: string,
  port = 80,
  hosts = ["*"],
  selector: Labels = { istio: "ingressgateway" },
) {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: NS },
    spec: {
      selector,
      servers: [{ port: { number: port, name: "http", protocol: "HTTP" }, hosts }],
    },
  };
}

/** A Gateway API Gateway of class istio, one HTTP listener per entry (default: `http` on 80). */
export function apiGateway(
  name: string,
  listeners: Record<string, unknown>[] = [{ name: "http", port: 80, protocol: "HTTP" }],
) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name, namespace: NS },
    spec: { gatewayClassName: "istio", listeners },
  };
}

/** An HTTPRoute attached to the Gateway `parent`, with the given rules. */
export function httpRoute(
  name: string,
  rules: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
  parent = "edge",
) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace: NS },
    spec: { parentRefs: [{ name: parent }], rules, ...extra },
  };
}

/** A backendRef to a Service port, with an optional weight. */
export function backend(name: string, port = 8080, weight?: number) {
  return { name, port, ...(weight === undefined ? {} : { weight }) };
}

export function to(host: string, subset?: string, port?: number, weight?: number) {
  return {
    destination: {
      host,
      ...(subset ? { subset } : {}),
      ...(port ? { port: { number: port } } : {}),
    },
    ...(weight === undefined ? {} : { weight }),
  };
}

/** The web/api pair most tests route between: api has versions v1 (2 pods) and v2 (1 pod). */
export function shop() {
  return [
    deployment("web-1", { app: "web", version: "1" }),
    service("web"),
    deployment("api-1", { app: "api", version: "1" }, { replicas: 2 }),
    deployment("api-2", { app: "api", version: "2" }),
    service("api"),
    destinationRule("api", {
      v1: { app: "api", version: "1" },
      v2: { app: "api", version: "2" },
      v3: { app: "api", version: "3" },
    }),
  ];
}

export const NAMESPACE = NS;
