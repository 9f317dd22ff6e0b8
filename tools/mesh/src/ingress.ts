import type { Labels } from "./labels.js";
import type { RouteRequest } from "./route-types.js";

/** The Istio installs whose ingress gateway the manifests support. */
export type IstioInstall = "istioctl" | "helm" | "aks-addon";

/**
 * The pod labels of each install's ingress gateway: `istioctl install`, the `istio/gateway`
 * Helm chart released as `istio-ingress`, and the AKS add-on's external ingress gateway.
 */
export const INGRESS_LABELS: Readonly<Record<IstioInstall, Labels>> = {
  istioctl: { istio: "ingressgateway", app: "istio-ingressgateway" },
  helm: { istio: "ingress", app: "istio-ingress" },
  "aks-addon": {
    istio: "aks-istio-ingressgateway-external",
    app: "aks-istio-ingressgateway-external",
  },
};

/** A gateway requests from outside may come through. */
export interface IngressGateway {
  /** `istio`: a networking.istio.io Gateway bound to the ingress gateway's labels; `gateway-api`: a gateway.networking.k8s.io Gateway. */
  readonly api: "istio" | "gateway-api";
  readonly namespace: string;
  readonly name: string;
  /** What `RouteRequest.gateway` takes to go through this gateway alone. */
  readonly gateway: string;
}

/** A request from outside: `routeIngress` decides which gateway it goes through. */
export type IngressRequest = Omit<RouteRequest, "gateway">;
