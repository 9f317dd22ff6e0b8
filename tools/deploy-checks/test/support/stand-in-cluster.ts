import type { FakeRule } from "./fake-tools.js";

/** A LoadBalancer Service of an ingress gateway, and the labels of the pods it selects. */
export interface IngressService {
  namespace: string;
  name: string;
  ip?: string;
  hostname?: string;
  selector: Record<string, string>;
  /** The labels its pods carry besides the selector's (e.g. service.istio.io/canonical-name). */
  podLabels?: Record<string, string>;
}

/** A Gateway of the Kubernetes Gateway API, with the addresses of its status. */
export interface ApiGateway {
  namespace: string;
  name: string;
  addresses: string[];
}

export interface Istiod {
  namespace: string;
  deployment: string;
  /** The deployment's istio.io/rev label, when it has one. */
  revision?: string;
}

/** What the stand-in kubectl knows of a cluster. */
export interface StandInCluster {
  /** Whether the Gateway API's CRDs are installed. */
  gatewayApi: boolean;
  gateways: ApiGateway[];
  services: IngressService[];
  istiods: Istiod[];
  /** Namespaces, each with its labels. */
  namespaces: Record<string, Record<string, string>>;
}

const emptyCluster = (): StandInCluster => ({
  gatewayApi: false,
  gateways: [],
  services: [],
  istiods: [],
  namespaces: { voting: {} },
});

export const istioIngressgateway = (address: Address = { ip: "20.61.10.7" }): IngressService => ({
  namespace: "istio-system",
  name: "istio-ingressgateway",
  ...address,
  selector: { app: "istio-ingressgateway", istio: "ingressgateway" },
  podLabels: { "service.istio.io/canonical-name": "istio-ingressgateway" },
});

type Address = { ip: string } | { hostname: string } | Record<string, never>;

/** Upstream Istio installed by istioctl: istiod and the ingress gateway in istio-system. */
export function istioctlInstall(address?: Address): StandInCluster {
  return {
    ...emptyCluster(),
    istiods: [{ namespace: "istio-system", deployment: "istiod", revision: "default" }],
    services: [istioIngressgateway(address)],
  };
}

/**
 * Upstream Istio installed by Helm: istiod in istio-system (revisioned when a revision is given)
 * and `helm install istio-ingress istio/gateway -n istio-ingress`.
 */
export function helmInstall(
  options: { revision?: string; address?: Address } = {},
): StandInCluster {
  const { revision } = options;
  return {
    ...emptyCluster(),
    istiods: [
      revision === undefined
        ? { namespace: "istio-system", deployment: "istiod", revision: "default" }
        : { namespace: "istio-system", deployment: `istiod-${revision}`, revision },
    ],
    services: [
      {
        namespace: "istio-ingress",
        name: "istio-ingress",
        ...(options.address ?? { ip: "20.61.10.8" }),
        selector: { app: "istio-ingress", istio: "ingress" },
      },
    ],
  };
}

/** The AKS Istio add-on with one istiod per revision (two during a canary upgrade). */
export function aksAddon(
  options: { revisions?: string[]; address?: Address } = {},
): StandInCluster {
  const revisions = options.revisions ?? ["asm-1-28"];
  return {
    ...emptyCluster(),
    istiods: revisions.map((revision) => ({
      namespace: "aks-istio-system",
      deployment: `istiod-${revision}`,
      revision,
    })),
    services: [
      {
        namespace: "aks-istio-ingress",
        name: "aks-istio-ingressgateway-external",
        ...(options.address ?? { ip: "20.61.10.9" }),
        selector: {
          app: "aks-istio-ingressgateway-external",
          istio: "aks-istio-ingressgateway-external",
        },
      },
    ],
  };
}

/**
 * The cluster with the Gateway API and the Gateway of gateway-api/step-1 applied in voting, and the
 * Service that Istio deploys for it.
 */
export function withGateway(
  cluster: StandInCluster,
  addresses: string[] = ["20.61.10.10"],
): StandInCluster {
  return {
    ...cluster,
    gatewayApi: true,
    gateways: [{ namespace: "voting", name: "voting-app-gateway", addresses }],
    services: [
      ...cluster.services,
      {
        namespace: "voting",
        name: "voting-app-gateway-istio",
        selector: { "gateway.networking.k8s.io/gateway-name": "voting-app-gateway" },
        podLabels: { "service.istio.io/canonical-name": "voting-app-gateway-istio" },
      },
    ],
  };
}

/** A cluster without Istio: no istiod, no ingress. */
export function noIstio(): StandInCluster {
  return emptyCluster();
}

/** The cluster with the namespace's labels set so. */
export function withNamespace(
  cluster: StandInCluster,
  name: string,
  labels: Record<string, string>,
): StandInCluster {
  return { ...cluster, namespaces: { ...cluster.namespaces, [name]: labels } };
}

/** A pattern matching the text exactly, for a rule's `when`. */
export function literal(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

const gatewayResource = "gateways.gateway.networking.k8s.io";

/**
 * kubectl rules that answer as the cluster would the queries the scripts make: whether a Gateway
 * or Service exists (--ignore-not-found), their addresses, a Service's selector, the labels of
 * its pods, the deployments of a namespace, a namespace's labels, and `kubectl label`.
 */
export function kubectlRules(cluster: StandInCluster): FakeRule[] {
  const rules: FakeRule[] = [];
  const get = (namespace: string, resource: string, name: string) =>
    `^-n ${literal(namespace)} get ${literal(resource)} ${literal(name)} `;

  if (!cluster.gatewayApi) {
    rules.push({
      when: ` get ${literal(gatewayResource)} `,
      stderr: 'error: the server doesn\'t have a resource type "gateways"\n',
      exitCode: 1,
    });
  }
  for (const gateway of cluster.gateways) {
    const prefix = get(gateway.namespace, gatewayResource, gateway.name);
    rules.push(
      {
        when: `${prefix}--ignore-not-found -o jsonpath=\\{\\.metadata\\.name\\}$`,
        stdout: gateway.name,
      },
      {
        when: `${prefix}-o jsonpath=\\{\\.status\\.addresses\\[\\*\\]\\.value\\}$`,
        stdout: gateway.addresses.join(" "),
      },
    );
  }
  for (const service of cluster.services) {
    const prefix = get(service.namespace, "service", service.name);
    const selector = JSON.stringify(
      Object.fromEntries(Object.entries(service.selector).sort(([a], [b]) => a.localeCompare(b))),
    );
    const podLabels = { ...service.selector, ...service.podLabels };
    // What the scripts read of a pod: the labels Istio names its canonical service by.
    const names = [
      podLabels["service.istio.io/canonical-name"],
      podLabels["app.kubernetes.io/name"],
      podLabels.app,
    ]
      .map((value) => value ?? "")
      .join("|");
    const labelSelector = Object.entries(service.selector)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${value}`)
      .join(",");
    rules.push(
      {
        when: `${prefix}--ignore-not-found -o jsonpath=\\{\\.metadata\\.name\\}$`,
        stdout: service.name,
      },
      {
        when: `${prefix}-o jsonpath=\\{\\.status\\.loadBalancer\\.ingress\\[0\\]\\.ip\\}$`,
        stdout: service.ip ?? "",
      },
      {
        when: `${prefix}-o jsonpath=\\{\\.status\\.loadBalancer\\.ingress\\[0\\]\\.hostname\\}$`,
        stdout: service.hostname ?? "",
      },
      { when: `${prefix}-o jsonpath=\\{\\.spec\\.selector\\}$`, stdout: selector },
      {
        when: `^-n ${literal(service.namespace)} get pods -l ${literal(labelSelector)} -o jsonpath=\\{range \\.items\\[\\*\\]\\}\\{\\.metadata\\.labels\\.`,
        // Two replicas, a line each.
        stdout: `${names}\n${names}\n`,
      },
    );
  }
  // What is not there: --ignore-not-found answers nothing, a plain get fails as kubectl does.
  rules.push(
    {
      when: `^-n \\S+ get (service|${literal(gatewayResource)}) \\S+ --ignore-not-found `,
      stdout: "",
    },
    {
      when: `^-n \\S+ get service (\\S+) `,
      stderr: "Error from server (NotFound): services not found\n",
      exitCode: 1,
    },
  );

  const istioNamespaces = new Set(cluster.istiods.map((istiod) => istiod.namespace));
  for (const namespace of istioNamespaces) {
    const istiods = cluster.istiods.filter((istiod) => istiod.namespace === namespace);
    rules.push(
      {
        when: `^-n ${literal(namespace)} get deployments -o jsonpath=\\{range `,
        stdout: istiods.map((istiod) => `${istiod.deployment} ${istiod.revision ?? ""}\n`).join(""),
      },
      {
        when: `^-n ${literal(namespace)} get deployments -o jsonpath=\\{\\.items\\[\\*\\]\\.metadata\\.name\\}$`,
        stdout: istiods.map((istiod) => istiod.deployment).join(" "),
      },
    );
  }
  rules.push({ when: "^-n \\S+ get deployments ", stdout: "" });

  for (const [name, labels] of Object.entries(cluster.namespaces)) {
    rules.push(
      {
        when: `^get namespace ${literal(name)} --ignore-not-found -o jsonpath=`,
        stdout: [name, labels["istio-injection"] ?? "", labels["istio.io/rev"] ?? ""].join("|"),
      },
      { when: `^label namespace ${literal(name)} `, stdout: `namespace/${name} labeled\n` },
    );
  }
  rules.push({ when: "^get namespace \\S+ --ignore-not-found ", stdout: "" });
  return rules;
}

/** kubectl that cannot reach any cluster. */
export const unreachableCluster: FakeRule[] = [
  {
    when: ".",
    stderr:
      "E0101 00:00:00.000000 1 memcache.go:265] couldn't get current server API group list\n" +
      "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n",
    exitCode: 1,
  },
];
