import { describe, expect, it } from "vitest";
import {
  buildMesh,
  INGRESS_LABELS,
  type IngressRequest,
  type Labels,
  type RouteResult,
} from "../src/index.js";
import {
  apiGateway,
  backend,
  gateway,
  httpRoute,
  NAMESPACE,
  service,
  shop,
  to,
  virtualService,
} from "./builders.js";

const browser: IngressRequest = { kind: "http", host: "203.0.113.9", port: 80, uri: "/" };

/** An Istio Gateway with `selector` and a VirtualService that sends everything on it to web. */
const istioEntry = (selector: Labels, name = "public") => [
  gateway(name, 80, ["*"], selector),
  virtualService(`${name}-entry`, {
    hosts: ["*"],
    gateways: [name],
    http: [{ route: [to("web.shop.svc.cluster.local", undefined, 8080)] }],
  }),
];

const build = (resources: unknown[], ingressLabels?: Labels) =>
  buildMesh([...shop(), ...resources], { namespace: NAMESPACE, ingressLabels });

const status = (result: RouteResult) => (result.ok ? result.service : result.status);

describe("an Istio Gateway binds to the ingress gateway whose labels include its selector", () => {
  it("when no ingress labels are given, then the istioctl install's are used", () => {
    const mesh = build(istioEntry({ istio: "ingressgateway" }));
    expect(mesh.ingressLabels).toEqual(INGRESS_LABELS.istioctl);
    expect(mesh.ingressGateways()).toEqual([
      { api: "istio", namespace: NAMESPACE, name: "public", gateway: "shop/public" },
    ]);
    expect(mesh.routeIngress(browser)).toMatchObject({ ok: true, gateway: "shop/public" });
  });

  it("when the Gateway selects the istioctl gateway but the ingress is the AKS add-on's, then it serves nothing: 404 naming both", () => {
    const mesh = build(istioEntry({ istio: "ingressgateway" }), INGRESS_LABELS["aks-addon"]);
    expect(mesh.ingressGateways()).toEqual([]);
    expect(mesh.routeIngress(browser)).toMatchObject({ ok: false, status: 404 });
    const direct = mesh.route({ ...browser, gateway: "public" });
    expect(direct).toMatchObject({ ok: false, status: 404 });
    expect(!direct.ok && direct.reason).toBe(
      "Gateway shop/public selects istio=ingressgateway, not the ingress gateway (istio=aks-istio-ingressgateway-external,app=aks-istio-ingressgateway-external)",
    );
  });

  it.each([
    ["helm", { istio: "ingress" }, true],
    ["helm", { istio: "ingress", app: "istio-ingress" }, true],
    ["helm", { istio: "ingress", app: "other" }, false],
    ["istioctl", { istio: "ingress" }, false],
    ["aks-addon", { istio: "aks-istio-ingressgateway-external" }, true],
    ["aks-addon", {}, true],
  ] as const)(
    "when the ingress is the %s install's and the selector is %j, then the Gateway binds: %s",
    (install, selector, binds) => {
      const mesh = build(istioEntry(selector), INGRESS_LABELS[install]);
      expect(mesh.ingressGateways().length).toBe(binds ? 1 : 0);
      expect(status(mesh.routeIngress(browser))).toBe(binds ? "web" : 404);
    },
  );
});

describe("a request at the ingress, with a Gateway API Gateway and an Istio Gateway", () => {
  const toApi = httpRoute("api-entry", [{ backendRefs: [backend("api")] }]);
  const onlyVotes = httpRoute("votes", [
    { matches: [{ path: { type: "Exact", value: "/votes" } }], backendRefs: [backend("api")] },
  ]);

  it("when both route the request, then the Gateway API Gateway answers and is listed first", () => {
    const mesh = build([...istioEntry({ istio: "ingressgateway" }), apiGateway("edge"), toApi]);
    expect(mesh.ingressGateways().map((entry) => [entry.api, entry.gateway])).toEqual([
      ["gateway-api", "gateway.networking.k8s.io/shop/edge"],
      ["istio", "shop/public"],
    ]);
    expect(mesh.routeIngress(browser)).toMatchObject({
      ok: true,
      service: "api",
      gateway: "gateway.networking.k8s.io/shop/edge",
      httpRoute: "shop/api-entry",
    });
  });

  it("when the Gateway API Gateway has no route for the request, then the Istio Gateway's VirtualService answers", () => {
    const mesh = build([...istioEntry({ istio: "ingressgateway" }), apiGateway("edge"), onlyVotes]);
    expect(mesh.routeIngress(browser)).toMatchObject({ service: "web", gateway: "shop/public" });
    expect(mesh.routeIngress({ ...browser, uri: "/votes" })).toMatchObject({ service: "api" });
  });

  it("when one gateway's route leads nowhere and the other has none, then 503 rather than 404", () => {
    const nowhere = httpRoute("nowhere", [{ backendRefs: [backend("gone")] }]);
    const mesh = build([apiGateway("edge"), nowhere, gateway("bare")]);
    const result = mesh.routeIngress(browser);
    expect(result).toMatchObject({ ok: false, status: 503 });
  });

  it("when nothing is applied but the workloads, then 404 says no Gateway is bound", () => {
    expect(build([]).routeIngress(browser)).toEqual({
      ok: false,
      status: 404,
      reason: "no Gateway is bound to the ingress gateway",
    });
  });

  it("when only a Gateway API Gateway exists, then it serves whatever the Istio install's labels", () => {
    for (const labels of Object.values(INGRESS_LABELS)) {
      const mesh = build([apiGateway("edge"), toApi, service("unused")], labels);
      expect(status(mesh.routeIngress(browser))).toBe("api");
    }
  });
});
