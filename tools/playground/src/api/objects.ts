import type { KubeObject } from "@voting/mesh";
import type { ConfigState } from "../config-state.js";
import type { Controller } from "../controller.js";
import type { Install } from "../install.js";
import type { NamespaceState } from "../namespace-state.js";
import type { Pod } from "../pods/pod.js";
import { templateHash } from "../workload.js";
import type { ResourceType } from "./kinds.js";

// The objects as the API shows them: what was applied, with the metadata and status a cluster
// adds, and what the playground makes itself (pods, events, namespaces, the ingress Service).

export type ApiObject = KubeObject & { metadata: Record<string, unknown> };
type Plain = Record<string, unknown>;

export interface ViewDeps {
  namespace: string;
  config: ConfigState;
  namespaceState: NamespaceState;
  controller: Controller;
  install: Install;
  /** Where the local ingress answers, as the ingress Service's status gives it: `127.0.0.1:8080`. */
  ingressAddress: string;
  /** When the playground started: the system namespaces and the ingress are as old as it. */
  startedAt: number;
}

export const iso = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** An applied object with the metadata and status the API server adds. */
export function servedObject(object: KubeObject, type: ResourceType, deps: ViewDeps): ApiObject {
  const meta = deps.config.meta(object);
  const served: ApiObject = {
    ...object,
    metadata: {
      ...object.metadata,
      uid: meta.uid,
      resourceVersion: String(meta.resourceVersion),
      creationTimestamp: iso(meta.createdAt),
      ...(type.kind === "Deployment" ? { generation: meta.generation } : {}),
    },
  };
  if (type.kind === "Deployment")
    return { ...served, status: deploymentStatus(object, meta.generation, deps.controller) };
  if (type.kind === "PersistentVolumeClaim") return { ...served, status: { phase: "Bound" } };
  if (type.kind === "Gateway" && type.group === "gateway.networking.k8s.io") {
    // Served on the local ingress, whatever address the class would give it on a cluster.
    return {
      ...served,
      status: { addresses: [{ type: "IPAddress", value: deps.ingressAddress }] },
    };
  }
  return served;
}

const spec = (object: KubeObject) => (object.spec ?? {}) as Plain;

/** A Deployment's status, from its pods: what `rollout status` and `get deployments` read. */
function deploymentStatus(object: KubeObject, generation: number, controller: Controller) {
  const pods = controller
    .pods()
    .filter((pod) => pod.deployment === object.metadata.name && !pod.terminating);
  const current = templateHash(spec(object).template);
  const updated = pods.filter((pod) => pod.templateHash === current);
  const ready = pods.filter((pod) => pod.ready).length;
  const available = updated.filter((pod) => pod.ready).length;
  const replicas = Number(spec(object).replicas ?? 1);
  return {
    observedGeneration: generation,
    replicas: pods.length,
    updatedReplicas: updated.length,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicas - available),
    conditions: [
      {
        type: "Available",
        status: available >= replicas ? "True" : "False",
        reason: available >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
      },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
    ],
  };
}

const PROXY_IMAGE = "docker.io/istio/proxyv2:1.28.0";

/** A pod of the controller, as `get pod -o yaml` and `describe pod` show it. */
export function podObject(pod: Pod, deps: ViewDeps): ApiObject {
  const view = pod.view();
  const phase = view.status === "Running" || view.status === "Terminating" ? "Running" : "Pending";
  const containerStatus = (name: string, image: string, ready: boolean, main: boolean) => ({
    name,
    image,
    ready,
    restartCount: main ? view.restarts : 0,
    started: phase === "Running",
    state:
      phase === "Running"
        ? { running: { startedAt: iso(view.createdAt) } }
        : { waiting: { reason: view.status, ...(view.message ? { message: view.message } : {}) } },
  });
  const mainReady = pod.ready;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: view.name,
      namespace: deps.namespace,
      uid: `pod-${view.name}`,
      creationTimestamp: iso(view.createdAt),
      labels: { ...view.labels, "pod-template-hash": pod.templateHash },
      ...(view.address ? { annotations: { "playground.local/address": view.address } } : {}),
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: `${pod.deployment}-${pod.templateHash}`,
          controller: true,
        },
      ],
      ...(view.status === "Terminating"
        ? { deletionTimestamp: iso(Date.now()), deletionGracePeriodSeconds: pod.graceMs / 1000 }
        : {}),
    },
    spec: {
      nodeName: "playground",
      serviceAccountName: "default",
      terminationGracePeriodSeconds: pod.graceMs / 1000,
      containers: [
        {
          name: pod.container.name,
          image: pod.container.image,
          ports: pod.ports.map((port) => ({ ...port, protocol: "TCP" })),
        },
        ...(pod.sidecar ? [{ name: "istio-proxy", image: PROXY_IMAGE }] : []),
      ],
    },
    status: {
      phase,
      ...(view.message ? { message: view.message } : {}),
      podIP: "127.0.0.1",
      hostIP: "127.0.0.1",
      startTime: iso(view.createdAt),
      conditions: [{ type: "Ready", status: mainReady ? "True" : "False" }],
      containerStatuses: [
        containerStatus(pod.container.name, pod.container.image, mainReady, true),
        ...(pod.sidecar
          ? [
              containerStatus(
                "istio-proxy",
                PROXY_IMAGE,
                view.readyContainers > (mainReady ? 1 : 0),
                false,
              ),
            ]
          : []),
      ],
    },
  };
}

/** The namespaces: the playground's own while it exists, and the system ones it stands for. */
export function namespaceObjects(deps: ViewDeps): ApiObject[] {
  const system = (name: string): ApiObject => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      uid: `namespace-${name}`,
      labels: { "kubernetes.io/metadata.name": name },
      creationTimestamp: iso(deps.startedAt),
    },
    status: { phase: "Active" },
  });
  const { namespaceState: state } = deps;
  const own: ApiObject[] = state.exists()
    ? [
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: {
            name: state.name,
            uid: state.uid(),
            resourceVersion: String(deps.config.version),
            creationTimestamp: iso(state.createdAt()),
            labels: state.labels(),
            ...(Object.keys(state.annotations()).length > 0
              ? { annotations: state.annotations() }
              : {}),
          },
          spec: { finalizers: ["kubernetes"] },
          status: { phase: "Active" },
        },
      ]
    : [];
  return [
    ...["default", "kube-system", deps.install.ingressService.namespace].map(system),
    ...own,
  ].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
}

/** The install's ingress gateway Service: its load balancer's address is the local ingress. */
export function ingressServiceObject(deps: ViewDeps): ApiObject {
  const { namespace, name } = deps.install.ingressService;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace,
      uid: `service-${name}`,
      creationTimestamp: iso(deps.startedAt),
      labels: deps.install.ingressLabels,
    },
    spec: {
      type: "LoadBalancer",
      selector: deps.install.ingressLabels,
      ports: [{ name: "http2", port: 80, targetPort: 8080, protocol: "TCP" }],
    },
    // The ingress is not on port 80 here, so its address carries the port: curl $INGRESS_IP works.
    status: { loadBalancer: { ingress: [{ ip: deps.ingressAddress }] } },
  };
}
