import type { IGateway as IApiGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import type { IHTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import {
  configHost,
  INGRESS_LABELS,
  type KubeObject,
  type Labels,
  portProtocol,
  selects,
} from "@voting/mesh";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";

export interface AnalyzeOptions {
  /** Image names the manifests may use (scripts/images.txt). */
  readonly images: readonly string[];
  /**
   * The pod labels of the ingress gateways an Istio Gateway may select, by install.
   * Default: `INGRESS_LABELS` of @voting/mesh (istioctl, Helm, the AKS add-on).
   */
  readonly ingressLabels?: Readonly<Record<string, Labels>>;
}

/**
 * Istio deploys each Gateway API Gateway as `<gateway>-istio`, with a ServiceAccount of that
 * name, so no manifest defines it and the Gateway may belong to another variant of the walk.
 */
const ISTIO_DEPLOYED_ACCOUNT = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?-istio$/;

type Typed<T> = T & { readonly metadata: { readonly name: string; readonly namespace: string } };

/** Objects of one kind, typed by their schema (the caller validated them first). */
function ofKind<T>(objects: readonly KubeObject[], apiVersion: string, kind: string): Typed<T>[] {
  return objects.filter(
    (object) => object.apiVersion === apiVersion && object.kind === kind,
  ) as never;
}

function id(object: Typed<unknown> & { readonly kind: string }): string {
  return `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;
}

interface PodTemplate {
  readonly deployment: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly containers: readonly IContainer[];
}

/**
 * Cross-reference checks in the spirit of `istioctl analyze`, over a set of applied objects
 * whose namespaces are filled in. Returns one sentence per problem; empty when all is consistent.
 */
export function analyze(objects: readonly KubeObject[], options: AnalyzeOptions): string[] {
  const deployments = ofKind<IDeployment>(objects, "apps/v1", "Deployment");
  const services = ofKind<IService>(objects, "v1", "Service");
  const secrets = ofKind<ISecret>(objects, "v1", "Secret");
  const rules = ofKind<IDestinationRule>(objects, "networking.istio.io/v1", "DestinationRule");
  const virtualServices = ofKind<IVirtualService>(
    objects,
    "networking.istio.io/v1",
    "VirtualService",
  );
  const policies = ofKind<IAuthorizationPolicy>(
    objects,
    "security.istio.io/v1",
    "AuthorizationPolicy",
  );
  const istioGateways = ofKind<IGateway>(objects, "networking.istio.io/v1", "Gateway");
  const apiGateways = ofKind<IApiGateway>(objects, "gateway.networking.k8s.io/v1", "Gateway");
  const httpRoutes = ofKind<IHTTPRoute>(objects, "gateway.networking.k8s.io/v1", "HTTPRoute");
  const has = (kind: string, namespace: string, name: string) =>
    objects.some(
      (object) =>
        object.kind === kind &&
        object.metadata.namespace === namespace &&
        object.metadata.name === name,
    );
  const named = <T extends Typed<unknown>>(list: readonly T[], namespace: string, name: string) =>
    list.find((entry) => entry.metadata.namespace === namespace && entry.metadata.name === name);
  const templates: PodTemplate[] = deployments.map((deployment) => ({
    deployment: deployment.metadata.name,
    namespace: deployment.metadata.namespace,
    labels: (deployment.spec?.template.metadata?.labels ?? {}) as Labels,
    containers: deployment.spec?.template.spec?.containers ?? [],
  }));
  const podsIn = (namespace: string, selector: Labels) =>
    templates.filter((pod) => pod.namespace === namespace && selects(selector, pod.labels));
  const serviceFor = (host: string) =>
    services.find(
      (service) => configHost(service.metadata.name, service.metadata.namespace) === host,
    );
  const ruleFor = (host: string) =>
    rules.find((rule) => configHost(rule.spec?.host ?? "", rule.metadata.namespace) === host);
  const problems: string[] = [];

  for (const deployment of deployments) {
    const where = id(deployment);
    const spec = deployment.spec;
    if (!spec) continue;
    const podLabels = (spec.template.metadata?.labels ?? {}) as Labels;
    if (!selects((spec.selector.matchLabels ?? {}) as Labels, podLabels)) {
      problems.push(`${where}: its selector does not select its own pod template`);
    }
    const podSpec = spec.template.spec;
    for (const container of podSpec?.containers ?? []) {
      problems.push(...checkContainer(where, container, podLabels, options.images));
      for (const variable of container.env ?? []) {
        const reference = variable.valueFrom?.secretKeyRef;
        if (!reference) continue;
        const secret = secrets.find(
          (candidate) =>
            candidate.metadata.name === reference.name &&
            candidate.metadata.namespace === deployment.metadata.namespace,
        );
        const keys = Object.keys({ ...(secret?.data ?? {}), ...(secret?.stringData ?? {}) });
        if (!secret)
          problems.push(
            `${where}: ${variable.name} reads Secret ${reference.name}, which does not exist`,
          );
        else if (!keys.includes(reference.key)) {
          problems.push(
            `${where}: ${variable.name} reads key ${reference.key}, which Secret ${reference.name} lacks`,
          );
        }
      }
    }
    for (const volume of podSpec?.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !has("PersistentVolumeClaim", deployment.metadata.namespace, claim)) {
        problems.push(`${where}: volume ${volume.name} claims ${claim}, which does not exist`);
      }
    }
    const account = podSpec?.serviceAccountName;
    if (account && !has("ServiceAccount", deployment.metadata.namespace, account)) {
      problems.push(`${where}: runs as ServiceAccount ${account}, which does not exist`);
    }
  }

  for (const service of services) {
    const where = id(service);
    const selected = podsIn(service.metadata.namespace, (service.spec?.selector ?? {}) as Labels);
    if (selected.length === 0) problems.push(`${where}: its selector matches no pod`);
    for (const port of service.spec?.ports ?? []) {
      if (portProtocol({ name: port.name, appProtocol: port.appProtocol }) === undefined) {
        problems.push(
          `${where}: port ${port.port} is named "${port.name ?? ""}", not <protocol>[-<suffix>] as Istio expects`,
        );
      }
      if (typeof port.targetPort === "string") {
        const declared = selected.some((pod) =>
          pod.containers.some((container) =>
            (container.ports ?? []).some((entry) => entry.name === port.targetPort),
          ),
        );
        if (!declared)
          problems.push(`${where}: no selected pod declares the target port "${port.targetPort}"`);
      }
    }
  }

  for (const rule of rules) {
    const where = id(rule);
    const host = configHost(rule.spec?.host ?? "", rule.metadata.namespace);
    const service = serviceFor(host);
    if (!service) problems.push(`${where}: host ${host} is not a Service`);
    for (const subset of rule.spec?.subsets ?? []) {
      const selector = { ...(service?.spec?.selector ?? {}), ...(subset.labels ?? {}) } as Labels;
      if (service && podsIn(service.metadata.namespace, selector).length === 0) {
        problems.push(`${where}: subset ${subset.name} selects no pod of any Deployment`);
      }
    }
  }

  for (const virtualService of virtualServices) {
    const where = id(virtualService);
    const namespace = virtualService.metadata.namespace;
    const spec = virtualService.spec ?? {};
    for (const gateway of spec.gateways ?? []) {
      const [gatewayNamespace, name] = gateway.includes("/")
        ? gateway.split("/")
        : [namespace, gateway];
      // A Gateway API Gateway of that name does not count: VirtualServices bind to Istio's only.
      if (gateway !== "mesh" && !named(istioGateways, gatewayNamespace!, name!)) {
        problems.push(`${where}: gateway ${gateway} does not exist`);
      }
    }
    const routes = [...(spec.http ?? []), ...(spec.tcp ?? [])];
    for (const route of routes) {
      for (const match of route.match ?? []) {
        if (
          match.sourceLabels &&
          templates.every((pod) => !selects(match.sourceLabels as Labels, pod.labels))
        ) {
          problems.push(
            `${where}: sourceLabels ${JSON.stringify(match.sourceLabels)} match no pod of any Deployment`,
          );
        }
      }
      for (const { destination } of route.route ?? []) {
        const host = configHost(destination.host, namespace);
        const service = serviceFor(host);
        if (!service) {
          problems.push(`${where}: destination ${host} is not a Service`);
          continue;
        }
        const port = destination.port?.number;
        if (
          port !== undefined &&
          !(service.spec?.ports ?? []).some((entry) => entry.port === port)
        ) {
          problems.push(`${where}: destination ${host} has no port ${port}`);
        }
        const subset = destination.subset;
        if (
          subset !== undefined &&
          !(ruleFor(host)?.spec?.subsets ?? []).some((entry) => entry.name === subset)
        ) {
          problems.push(
            `${where}: subset ${subset} of ${host} is not defined by a DestinationRule`,
          );
        }
      }
    }
  }

  problems.push(...checkIstioGateways(istioGateways, options.ingressLabels ?? INGRESS_LABELS));

  for (const route of httpRoutes) {
    const where = id(route);
    const namespace = route.metadata.namespace;
    route.spec.parentRefs?.forEach((ref, index) => {
      const gateway = named(apiGateways, ref.namespace ?? namespace, ref.name);
      const parent = `parentRefs[${index}]`;
      if (!gateway) {
        problems.push(`${where}: ${parent} names Gateway ${ref.name}, which does not exist`);
        return;
      }
      const listeners = gateway.spec.listeners.filter(
        (listener) =>
          (ref.sectionName === undefined || listener.name === ref.sectionName) &&
          (ref.port === undefined || listener.port === ref.port),
      );
      if (listeners.length === 0) {
        problems.push(
          `${where}: ${parent} names no listener of Gateway ${ref.name} (sectionName ${ref.sectionName ?? "any"}, port ${ref.port ?? "any"})`,
        );
      }
    });
    for (const rule of route.spec.rules ?? []) {
      for (const backendRef of rule.backendRefs ?? []) {
        const host = configHost(backendRef.name, backendRef.namespace ?? namespace);
        const service = serviceFor(host);
        if (!service) problems.push(`${where}: backend ${host} is not a Service`);
        else if (!(service.spec?.ports ?? []).some((entry) => entry.port === backendRef.port)) {
          problems.push(`${where}: backend ${host} has no port ${String(backendRef.port)}`);
        }
      }
    }
  }

  for (const policy of policies) {
    const where = id(policy);
    const selector = (policy.spec?.selector?.matchLabels ?? {}) as Labels;
    if (podsIn(policy.metadata.namespace, selector).length === 0)
      problems.push(`${where}: its selector matches no pod`);
    for (const rule of policy.spec?.rules ?? []) {
      for (const principal of (rule.from ?? []).flatMap((from) => from.source?.principals ?? [])) {
        const local = /^cluster\.local\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
        if (
          local &&
          local[1] === policy.metadata.namespace &&
          !has("ServiceAccount", local[1], local[2]!) &&
          !ISTIO_DEPLOYED_ACCOUNT.test(local[2]!)
        ) {
          problems.push(
            `${where}: principal ${principal} names a ServiceAccount that does not exist`,
          );
        }
      }
    }
  }
  return problems;
}

/** An Istio Gateway binds to the ingress gateway whose pod labels include its selector. */
function checkIstioGateways(
  gateways: readonly Typed<IGateway>[],
  ingressLabels: Readonly<Record<string, Labels>>,
): string[] {
  return gateways.flatMap((gateway) => {
    const selector = (gateway.spec?.selector ?? {}) as Labels;
    const installs = Object.entries(ingressLabels).filter(([, labels]) =>
      selects(selector, labels),
    );
    if (installs.length > 0) return [];
    const shown = Object.entries(selector).map(([key, value]) => `${key}=${value}`);
    return [
      `Gateway ${gateway.metadata.namespace}/${gateway.metadata.name}: selector ${shown.join(",")} selects the ingress gateway of no known install (${Object.keys(ingressLabels).join(", ")})`,
    ];
  });
}

function checkContainer(
  where: string,
  container: IContainer,
  podLabels: Labels,
  images: readonly string[],
): string[] {
  const problems: string[] = [];
  const image = container.image ?? "";
  if (!images.includes(image))
    problems.push(`${where}: image ${image} is not listed in scripts/images.txt`);
  const tag = image.includes(":") ? image.slice(image.lastIndexOf(":") + 1) : "latest";
  if (tag !== podLabels.version) {
    problems.push(
      `${where}: image tag ${tag} differs from the pod's version label ${String(podLabels.version)}`,
    );
  }
  const portNames = new Set((container.ports ?? []).map((port) => port.name));
  for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
    const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
    if (typeof port === "string" && !portNames.has(port)) {
      problems.push(
        `${where}: a probe targets port "${port}", which ${container.name} does not declare`,
      );
    }
  }
  return problems;
}
