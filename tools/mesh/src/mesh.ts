import { apiGatewayRef, checkAttachments, chooseRule, isApiGatewayRef } from "./gateway-api.js";
import { hostMatches, hostSpecificity, requestHost, stripPort } from "./hosts.js";
import { INGRESS_LABELS, type IngressGateway, type IngressRequest } from "./ingress.js";
import { type Labels, selects } from "./labels.js";
import type {
  ApiGatewayModel,
  BackendModel,
  DestinationRuleModel,
  GatewayModel,
  MeshModel,
  Pod,
  RouteMatch,
  RouteRule,
  ServiceModel,
  ServicePort,
  StringMatch,
  VirtualServiceModel,
  WeightedDestination,
} from "./model.js";
import { parseResources } from "./parse.js";
import { type Picker, roundRobin } from "./pick.js";
import { portProtocol, routingKind } from "./protocol.js";
import type {
  Endpoint,
  RouteDecision,
  RouteFailure,
  RouteRequest,
  RouteResult,
} from "./route-types.js";

export interface MeshOptions {
  /** Namespace of resources that name none, and of callers that say none. Default `default`. */
  readonly namespace?: string;
  /** The pods to route to. Default: `replicas` pods per Deployment, named `<deployment>-<i>`. */
  readonly pods?: readonly Pod[];
  /** Numbers in [0, 1) that split weighted routes. Default `Math.random`. */
  readonly random?: () => number;
  /** Chooses the endpoint of each decision. Default: round-robin per endpoint set. */
  readonly picker?: Picker;
  /**
   * The pod labels of the Istio ingress gateway: an Istio Gateway binds to it only when its
   * selector is a subset of them. Default `INGRESS_LABELS.istioctl`.
   */
  readonly ingressLabels?: Labels;
}

/** The routing of a set of applied resources, as Istio's sidecars and gateways would do it. */
export interface Mesh {
  /** Decides where one request or connection lands. Never throws for a request that fails to route. */
  route(request: RouteRequest): RouteResult;
  /** The pods a Service selects (short name or FQDN), narrowed to a DestinationRule subset if named. */
  podsOf(service: string, subset?: string): readonly Pod[];
  /** Every pod of the mesh. */
  readonly pods: readonly Pod[];
  /** The mTLS mode a workload's PeerAuthentication demands (workload policy over namespace policy). */
  mtlsMode(pod: Pod): string | undefined;
  /** The labels of the Istio ingress gateway this mesh binds Istio Gateways to. */
  readonly ingressLabels: Labels;
  /**
   * The gateways a request from outside may come through, in the order `routeIngress` tries
   * them: Gateway API Gateways, then the Istio Gateways bound to `ingressLabels`, each in the
   * order applied.
   */
  ingressGateways(): readonly IngressGateway[];
  /**
   * A request from outside: the first of `ingressGateways()` that lands it answers; else the
   * first 503, else the first 404 (or 404 when no gateway is there at all).
   */
  routeIngress(request: IngressRequest): RouteResult;
}

const NOT_FOUND = 404;
const UNAVAILABLE = 503;

/**
 * Builds the mesh from parsed Kubernetes and Istio resources. Throws a MeshConfigError
 * naming the resource and field for anything the mesh does not implement.
 */
export function buildMesh(resources: readonly unknown[], options: MeshOptions = {}): Mesh {
  const namespace = options.namespace ?? "default";
  const model = parseResources(resources, namespace);
  const pods = options.pods ?? podsFromDeployments(model);
  const random = options.random ?? Math.random;
  const picker = options.picker ?? roundRobin();
  const ingressLabels = options.ingressLabels ?? INGRESS_LABELS.istioctl;
  checkAttachments(model);
  const router = new Router(model, pods, namespace, random, picker, ingressLabels);
  return {
    pods,
    ingressLabels,
    route: (request) => router.route(request),
    podsOf: (service, subset) => router.podsOf(service, subset),
    mtlsMode: (pod) => router.mtlsMode(pod),
    ingressGateways: () => router.ingressGateways(),
    routeIngress: (request) => router.routeIngress(request),
  };
}

function podsFromDeployments(model: MeshModel): Pod[] {
  return model.deployments.flatMap((deployment) =>
    Array.from({ length: deployment.replicas }, (_, index) => ({
      name: `${deployment.name}-${index}`,
      namespace: deployment.namespace,
      labels: deployment.labels,
      ports: deployment.ports,
      deployment: deployment.name,
    })),
  );
}

function failure(status: 404 | 503, reason: string): RouteFailure {
  return { ok: false, status, reason };
}

interface Caller {
  readonly gateway: string;
  readonly port: number;
  readonly sourceLabels: Labels;
}

class Router {
  constructor(
    private readonly model: MeshModel,
    private readonly pods: readonly Pod[],
    private readonly namespace: string,
    private readonly random: () => number,
    private readonly picker: Picker,
    private readonly ingressLabels: Labels,
  ) {}

  route(request: RouteRequest): RouteResult {
    if (request.gateway === "mesh") return this.routeInMesh(request);
    return isApiGatewayRef(request.gateway)
      ? this.routeAtApiGateway(request)
      : this.routeAtGateway(request);
  }

  ingressGateways(): IngressGateway[] {
    const api = this.model.apiGateways.map((gateway) => ({
      api: "gateway-api" as const,
      namespace: gateway.namespace,
      name: gateway.name,
      gateway: apiGatewayRef(gateway),
    }));
    const istio = this.model.gateways
      .filter((gateway) => this.binds(gateway))
      .map((gateway) => ({
        api: "istio" as const,
        namespace: gateway.namespace,
        name: gateway.name,
        gateway: ref(gateway),
      }));
    return [...api, ...istio];
  }

  routeIngress(request: IngressRequest): RouteResult {
    let failed: RouteFailure | undefined;
    for (const { gateway } of this.ingressGateways()) {
      const result = this.route({ ...request, gateway });
      if (result.ok) return result;
      // A route that exists but leads nowhere says more than a Gateway that has no route.
      if (!failed || (result.status === UNAVAILABLE && failed.status !== UNAVAILABLE))
        failed = result;
    }
    return failed ?? failure(NOT_FOUND, "no Gateway is bound to the ingress gateway");
  }

  /** Istio binds a Gateway to every gateway workload whose labels include its selector. */
  private binds(gateway: GatewayModel): boolean {
    return selects(gateway.selector, this.ingressLabels);
  }

  podsOf(serviceName: string, subset?: string): readonly Pod[] {
    const service = this.service(requestHost(serviceName, this.namespace));
    if (!service) throw new Error(`no Service ${serviceName}`);
    let subsetLabels: Labels = {};
    if (subset !== undefined) {
      const found = this.destinationRule(service.host)?.subsets.find(
        (entry) => entry.name === subset,
      );
      if (!found) throw new Error(`no subset ${subset} for ${service.host}`);
      subsetLabels = found.labels;
    }
    return this.selected(service).filter((pod) => selects(subsetLabels, pod.labels));
  }

  mtlsMode(pod: Pod): string | undefined {
    const policies = this.model.peerAuthentications.filter(
      (policy) => policy.namespace === pod.namespace,
    );
    const workload = policies.find(
      (policy) => policy.selector && selects(policy.selector, pod.labels),
    );
    return (workload ?? policies.find((policy) => !policy.selector))?.mode;
  }

  private routeInMesh(request: RouteRequest): RouteResult {
    const host = requestHost(request.host, request.sourceNamespace ?? this.namespace);
    const service = this.service(host);
    if (!service) return failure(UNAVAILABLE, `no Service for host ${host}`);
    const servicePort = service.ports.find((entry) => entry.port === request.port);
    if (!servicePort)
      return failure(UNAVAILABLE, `Service ${service.name} has no port ${request.port}`);
    const kind = routingKind(portProtocol(servicePort)) ?? request.kind;
    if (kind !== request.kind) {
      return failure(
        UNAVAILABLE,
        `port ${request.port} of ${service.name} carries ${kind}, not ${request.kind}`,
      );
    }
    const caller: Caller = {
      gateway: "mesh",
      port: request.port,
      sourceLabels: request.sourceLabels ?? {},
    };
    const virtualService = this.virtualServiceFor(host, "mesh");
    const outcome = virtualService
      ? this.selectRule(virtualService, request, caller)
      : "none-applies";
    if (outcome === "none-applies" || virtualService === undefined) {
      return this.land(service, servicePort, undefined, undefined);
    }
    if (outcome === "no-match") {
      return failure(
        NOT_FOUND,
        `no route of VirtualService ${ref(virtualService)} matches the request`,
      );
    }
    return this.follow(outcome, virtualService, request.port);
  }

  private routeAtGateway(request: RouteRequest): RouteResult {
    const gateway = this.gateway(request.gateway);
    if (!gateway) return failure(NOT_FOUND, `no Gateway ${request.gateway}`);
    const gatewayRef = ref(gateway);
    if (!this.binds(gateway)) {
      return failure(
        NOT_FOUND,
        `Gateway ${gatewayRef} selects ${showLabels(gateway.selector)}, not the ingress gateway (${showLabels(this.ingressLabels)})`,
      );
    }
    const authority = stripPort(request.host).toLowerCase();
    const server = gateway.servers.find(
      (entry) =>
        entry.port === request.port &&
        entry.hosts.some((host) => serverHostMatches(host, authority)),
    );
    if (!server)
      return failure(
        NOT_FOUND,
        `Gateway ${gatewayRef} has no server for ${authority}:${request.port}`,
      );
    const kind = server.protocol === "TCP" ? "tcp" : "http";
    if (kind !== request.kind)
      return failure(NOT_FOUND, `Gateway ${gatewayRef} port ${request.port} serves ${kind}`);
    const allowed = (virtualService: VirtualServiceModel) =>
      server.hosts.some((host) =>
        serverHostMatches(host, authority, virtualService.namespace, gateway.namespace),
      );
    const virtualService = this.virtualServiceFor(authority, gatewayRef, allowed);
    if (!virtualService)
      return failure(NOT_FOUND, `no VirtualService on Gateway ${gatewayRef} for host ${authority}`);
    const caller: Caller = {
      gateway: gatewayRef,
      port: request.port,
      sourceLabels: request.sourceLabels ?? {},
    };
    const outcome = this.selectRule(virtualService, request, caller);
    if (typeof outcome === "string") {
      return failure(
        NOT_FOUND,
        `no route of VirtualService ${ref(virtualService)} matches the request`,
      );
    }
    const result = this.follow(outcome, virtualService, undefined);
    return result.ok ? { ...result, gateway: gatewayRef } : result;
  }

  /** A Gateway API Gateway routes by its HTTPRoutes straight to Services: no VirtualService applies. */
  private routeAtApiGateway(request: RouteRequest): RouteResult {
    const gateway = this.apiGateway(request.gateway);
    if (!gateway) return failure(NOT_FOUND, `no Gateway ${request.gateway}`);
    const choice = chooseRule(this.model, gateway, request, lowerCaseKeys(request.headers ?? {}));
    if ("ok" in choice) return choice;
    const httpRoute = ref(choice.route);
    const backend = pickBackend(choice.rule.backends, this.random);
    if (!backend)
      return failure(UNAVAILABLE, `every backend of HTTPRoute ${httpRoute} has weight 0`);
    const service = this.service(backend.host);
    if (!service) return failure(UNAVAILABLE, `no Service for backend ${backend.host}`);
    const servicePort = service.ports.find((entry) => entry.port === backend.port);
    if (!servicePort)
      return failure(UNAVAILABLE, `Service ${service.name} has no port ${backend.port}`);
    const result = this.land(service, servicePort, undefined, undefined);
    return result.ok ? { ...result, gateway: apiGatewayRef(gateway), httpRoute } : result;
  }

  private apiGateway(reference: string): ApiGatewayModel | undefined {
    return this.model.apiGateways.find((gateway) => apiGatewayRef(gateway) === reference);
  }

  /**
   * The first rule whose match fits, or why none does: `none-applies` when no rule is meant for
   * this caller at all (its sidecar then gets the Service's default route), `no-match` when some
   * are but the request fits none of them.
   */
  private selectRule(
    virtualService: VirtualServiceModel,
    request: RouteRequest,
    caller: Caller,
  ): RouteRule | "none-applies" | "no-match" {
    const rules = request.kind === "http" ? virtualService.http : virtualService.tcp;
    let applies = false;
    for (const rule of rules) {
      const matches: readonly (RouteMatch | undefined)[] =
        rule.match.length > 0 ? rule.match : [undefined];
      for (const match of matches) {
        if (!appliesTo(match, virtualService, caller)) continue;
        applies = true;
        if (request.kind === "tcp" || fitsRequest(match, request)) return rule;
      }
    }
    return applies ? "no-match" : "none-applies";
  }

  private follow(
    rule: RouteRule,
    virtualService: VirtualServiceModel,
    requestPort: number | undefined,
  ): RouteResult {
    const { destination } = pickWeighted(rule.route, this.random);
    const service = this.service(destination.host);
    if (!service)
      return failure(UNAVAILABLE, `no Service for destination host ${destination.host}`);
    const portNumber =
      destination.port ??
      (requestPort !== undefined && service.ports.some((entry) => entry.port === requestPort)
        ? requestPort
        : service.ports.length === 1
          ? service.ports[0]!.port
          : undefined);
    if (portNumber === undefined) {
      return failure(
        UNAVAILABLE,
        `VirtualService ${ref(virtualService)} must name the port of ${service.name}`,
      );
    }
    const servicePort = service.ports.find((entry) => entry.port === portNumber);
    if (!servicePort)
      return failure(UNAVAILABLE, `Service ${service.name} has no port ${portNumber}`);
    return this.land(service, servicePort, destination.subset, ref(virtualService));
  }

  private land(
    service: ServiceModel,
    servicePort: ServicePort,
    subsetName: string | undefined,
    virtualService: string | undefined,
  ): RouteResult {
    const rule = this.destinationRule(service.host);
    let subsetLabels: Labels = {};
    let tlsMode = rule?.tlsMode;
    if (subsetName !== undefined) {
      const subset = rule?.subsets.find((entry) => entry.name === subsetName);
      if (!subset)
        return failure(UNAVAILABLE, `subset ${subsetName} of ${service.host} is not defined`);
      subsetLabels = subset.labels;
      tlsMode = subset.tlsMode ?? tlsMode;
    }
    const endpoints = this.endpoints(service, servicePort).filter((endpoint) =>
      selects(subsetLabels, endpoint.pod.labels),
    );
    const target = `${service.name}:${servicePort.port}${subsetName ? ` subset ${subsetName}` : ""}`;
    if (endpoints.length === 0) return failure(UNAVAILABLE, `no pod serves ${target}`);
    const decision: RouteDecision = {
      ok: true,
      service: service.name,
      namespace: service.namespace,
      host: service.host,
      port: servicePort.port,
      subset: subsetName,
      endpoints,
      endpoint: this.picker(endpoints, `${service.host}|${subsetName ?? ""}|${servicePort.port}`),
      virtualService,
      tlsMode,
    };
    return decision;
  }

  /** Like Kubernetes Endpoints: a named targetPort only reaches pods that declare that port. */
  private endpoints(service: ServiceModel, servicePort: ServicePort): Endpoint[] {
    return this.selected(service).flatMap((pod) => {
      if (typeof servicePort.targetPort === "number")
        return [{ pod, port: servicePort.targetPort }];
      const declared = pod.ports.find((entry) => entry.name === servicePort.targetPort);
      return declared ? [{ pod, port: declared.containerPort }] : [];
    });
  }

  private selected(service: ServiceModel): Pod[] {
    const { selector } = service;
    if (selector === undefined) return [];
    return this.pods.filter(
      (pod) => pod.namespace === service.namespace && selects(selector, pod.labels),
    );
  }

  private service(host: string): ServiceModel | undefined {
    return this.model.services.find((service) => service.host === host);
  }

  private destinationRule(host: string): DestinationRuleModel | undefined {
    return this.model.destinationRules.find((rule) => rule.host === host);
  }

  private gateway(reference: string): GatewayModel | undefined {
    if (reference.includes("/"))
      return this.model.gateways.find((gateway) => ref(gateway) === reference);
    const named = this.model.gateways.filter((gateway) => gateway.name === reference);
    return named.length === 1
      ? named[0]
      : named.find((gateway) => gateway.namespace === this.namespace);
  }

  /** The VirtualService for a host: the most specific host wins, then the first applied. */
  private virtualServiceFor(
    host: string,
    gatewayRef: string,
    allowed: (virtualService: VirtualServiceModel) => boolean = () => true,
  ): VirtualServiceModel | undefined {
    let best: VirtualServiceModel | undefined;
    let bestScore = -1;
    for (const virtualService of this.model.virtualServices) {
      if (!virtualService.gateways.includes(gatewayRef) || !allowed(virtualService)) continue;
      for (const pattern of virtualService.hosts) {
        const score = hostMatches(pattern, host) ? hostSpecificity(pattern) : -1;
        if (score > bestScore) {
          best = virtualService;
          bestScore = score;
        }
      }
    }
    return best;
  }
}

function ref(resource: { readonly namespace: string; readonly name: string }): string {
  return `${resource.namespace}/${resource.name}`;
}

/** Whether a match is meant for this caller at all: its gateway, its labels, the port it dialled. */
function appliesTo(
  match: RouteMatch | undefined,
  virtualService: VirtualServiceModel,
  caller: Caller,
): boolean {
  const gateways = match?.gateways ?? virtualService.gateways;
  if (!gateways.includes(caller.gateway)) return false;
  if (match?.sourceLabels && !selects(match.sourceLabels, caller.sourceLabels)) return false;
  return match?.port === undefined || match.port === caller.port;
}

/** Whether the request itself fits a match: URI and headers. */
function fitsRequest(match: RouteMatch | undefined, request: RouteRequest): boolean {
  if (!match) return true;
  const uri = request.uri ?? "/";
  if (match.uri && !stringMatches(match.uri, uri, uri.split("?")[0]!)) return false;
  const headers = lowerCaseKeys(request.headers ?? {});
  return match.headers.every(([name, condition]) => {
    const value = headers[name];
    return value !== undefined && stringMatches(condition, value, value);
  });
}

/** Envoy compares a prefix with the whole path, an exact path or regex with the path less its query. */
function stringMatches(condition: StringMatch, value: string, withoutQuery: string): boolean {
  if ("exact" in condition) return withoutQuery === condition.exact;
  if ("prefix" in condition) return value.startsWith(condition.prefix);
  return condition.regex.matches(withoutQuery);
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function showLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return pairs.length > 0 ? pairs.join(",") : "every gateway";
}

function pickBackend(
  backends: readonly BackendModel[],
  random: () => number,
): BackendModel | undefined {
  const live = backends.filter((backend) => backend.weight > 0);
  if (live.length === 0) return undefined;
  const total = live.reduce((sum, backend) => sum + backend.weight, 0);
  let remaining = random() * total;
  for (const backend of live) {
    if (remaining < backend.weight) return backend;
    remaining -= backend.weight;
  }
  return live.at(-1);
}

function pickWeighted(
  route: readonly WeightedDestination[],
  random: () => number,
): WeightedDestination {
  const total = route.reduce((sum, entry) => sum + entry.weight, 0);
  let remaining = random() * total;
  for (const entry of route) {
    if (remaining < entry.weight) return entry;
    remaining -= entry.weight;
  }
  return route.findLast((entry) => entry.weight > 0)!;
}

/**
 * A Gateway server host is `[namespace/]host`. The host part must cover the request's host;
 * the namespace part (`*`, `.` = the Gateway's own, or a name) limits whose VirtualServices bind.
 */
function serverHostMatches(
  entry: string,
  authority: string,
  virtualServiceNamespace?: string,
  gatewayNamespace?: string,
): boolean {
  const slash = entry.indexOf("/");
  const namespacePart = slash === -1 ? "*" : entry.slice(0, slash);
  const hostPart = slash === -1 ? entry : entry.slice(slash + 1);
  if (!hostMatches(hostPart, authority)) return false;
  if (virtualServiceNamespace === undefined || namespacePart === "*") return true;
  return virtualServiceNamespace === (namespacePart === "." ? gatewayNamespace : namespacePart);
}
