import { INGRESS_LABELS, type IstioInstall, type Labels } from "@voting/mesh";

/** The Istio installs the manifests are written for; the local ingress stands for one of them. */
export type InstallName = IstioInstall;
export const INSTALL_NAMES: readonly InstallName[] = ["istioctl", "helm", "aks-addon"];

/** The revision of the AKS add-on the docs name (`az aks mesh get-revisions`). */
export const AKS_REVISION = "asm-1-28";

export interface Install {
  readonly name: InstallName;
  /** How the docs call it, for the banner. */
  readonly title: string;
  /** The labels of the ingress gateway's pods: an Istio Gateway binds when its selector matches them. */
  readonly ingressLabels: Labels;
  /** The LoadBalancer Service of the install's ingress gateway, which scripts/ingress-ip.sh reads. */
  readonly ingressService: { readonly namespace: string; readonly name: string };
  /** The namespace label the tutorial sets so that new pods get a sidecar. */
  readonly injectionLabel: { readonly key: string; readonly value: string };
  /** Whether a pod created in a namespace with these labels gets a sidecar. */
  injects(namespaceLabels: Labels): boolean;
}

const INJECTION = "istio-injection";
const REVISION = "istio.io/rev";

// Upstream Istio's webhooks: `istio-injection=enabled`, or the default revision named by
// `istio.io/rev` where `istio-injection` is not set at all.
const upstreamInjects = (labels: Labels) =>
  labels[INJECTION] === "enabled" ||
  (labels[INJECTION] === undefined && labels[REVISION] === "default");

export const INSTALLS: Readonly<Record<InstallName, Install>> = {
  istioctl: {
    name: "istioctl",
    title: "upstream Istio installed with istioctl",
    ingressLabels: INGRESS_LABELS.istioctl,
    ingressService: { namespace: "istio-system", name: "istio-ingressgateway" },
    injectionLabel: { key: INJECTION, value: "enabled" },
    injects: upstreamInjects,
  },
  helm: {
    name: "helm",
    title: "upstream Istio installed with Helm (istio/gateway as istio-ingress)",
    ingressLabels: INGRESS_LABELS.helm,
    ingressService: { namespace: "istio-ingress", name: "istio-ingress" },
    injectionLabel: { key: INJECTION, value: "enabled" },
    injects: upstreamInjects,
  },
  "aks-addon": {
    name: "aks-addon",
    title: `the AKS Istio add-on, revision ${AKS_REVISION}, external ingress gateway`,
    ingressLabels: INGRESS_LABELS["aks-addon"],
    ingressService: { namespace: "aks-istio-ingress", name: "aks-istio-ingressgateway-external" },
    injectionLabel: { key: REVISION, value: AKS_REVISION },
    // The add-on has only revisioned webhooks, and they skip any namespace that carries
    // istio-injection, whatever its value.
    injects: (labels) => labels[INJECTION] === undefined && labels[REVISION] === AKS_REVISION,
  },
};

export function isInstallName(text: string): text is InstallName {
  return (INSTALL_NAMES as readonly string[]).includes(text);
}

/** `istio-injection=enabled`: the label as `kubectl label` takes it. */
export function injectionLabelText(install: Install): string {
  return `${install.injectionLabel.key}=${install.injectionLabel.value}`;
}

/** Why pods created now get no sidecar, worded for the learner; undefined when they get one. */
export function noSidecarReason(install: Install, labels: Labels): string | undefined {
  if (install.injects(labels)) return undefined;
  const wanted = injectionLabelText(install);
  if (install.name === "aks-addon" && labels[INJECTION] !== undefined) {
    return `namespace voting has ${INJECTION}=${labels[INJECTION]}, which the AKS add-on ignores (and then skips the namespace): remove it (kubectl label namespace voting ${INJECTION}-) and label ${wanted}`;
  }
  return `namespace voting is not labelled ${wanted} (kubectl label namespace voting ${wanted})`;
}
