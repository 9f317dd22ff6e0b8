import {
  buildMesh,
  INGRESS_LABELS,
  type IstioInstall,
  type KubeObject,
  type Mesh,
  type RouteResult,
  seededRandom,
} from "@voting/mesh";
import { describe, expect, it } from "vitest";
import {
  analyze,
  loadImageList,
  NAMESPACE,
  TUTORIAL_WALK,
  TUTORIAL_WALKS,
  type WalkVariant,
} from "../src/index.js";
import { after, call, endOfStep, objectsAfter, walks } from "./helpers.js";

/** Each variant with the Istio install whose ingress labels it runs on (the Gateway API: any). */
const RUNS: readonly (readonly [WalkVariant, IstioInstall])[] = [
  ["istioctl", "istioctl"],
  ["helm", "helm"],
  ["aks-addon", "aks-addon"],
  ["gateway-api", "istioctl"],
  ["gateway-api", "helm"],
  ["gateway-api", "aks-addon"],
];

const STEP_1_FILE: Record<WalkVariant, string> = {
  istioctl: "istio/step-1-create-voting-app-gateway.yaml",
  helm: "istio/ingress/helm.yaml",
  "aks-addon": "istio/ingress/aks-addon.yaml",
  "gateway-api": "gateway-api/step-1-create-voting-app-gateway.yaml",
};

const meshOn = (objects: readonly KubeObject[], install: IstioInstall): Mesh =>
  buildMesh(objects, {
    namespace: NAMESPACE,
    random: seededRandom(3),
    ingressLabels: INGRESS_LABELS[install],
  });

const versionOf = (result: RouteResult): string | number =>
  result.ok ? result.endpoint.pod.labels.version! : result.status;

/**
 * A browser request followed through the chain: the app version that answers the ingress, the
 * analytics version that app reaches, and the storage deployment analytics connects to (MySQL
 * for 2.0, Redis otherwise).
 */
function chain(mesh: Mesh, cookie?: string): (string | number)[] {
  const page = mesh.routeIngress({
    kind: "http",
    host: "203.0.113.10",
    port: 80,
    uri: "/",
    headers: cookie === undefined ? {} : { cookie },
  });
  if (!page.ok) return [page.status];
  const app = versionOf(page);
  const analytics = versionOf(
    mesh.route(call("voting-app", String(app), "voting-analytics", 8080)),
  );
  const port = analytics === "2.0" ? 3306 : 6379;
  const store = mesh.route(
    call("voting-analytics", String(analytics), "voting-storage", port, "tcp"),
  );
  return [app, analytics, store.ok ? store.endpoint.pod.deployment! : store.status];
}

describe.each(RUNS)("the %s walk on the %s install's ingress", (variant, install) => {
  const at = (file: string) => meshOn(objectsAfter(file, variant), install);

  it("when step 1 is applied, then the ingress reaches app 1.0, analytics 1.0 and Redis, on each of the three app pods", () => {
    const mesh = meshOn(endOfStep(1, variant), install);
    expect(chain(mesh)).toEqual(["1.0", "1.0", "voting-storage-1-0"]);
    const pods = Array.from({ length: 3 }, () => {
      const result = mesh.routeIngress({ kind: "http", host: "localhost", port: 80, uri: "/" });
      return result.ok ? result.endpoint.pod.name : result.status;
    });
    expect(new Set(pods).size).toBe(3);
  });

  it("when only the Kubernetes file of step 1 is applied, then the ingress has no route: 404", () => {
    expect(chain(at("k8s/step-1-create-voting-app.yaml"))).toEqual([404]);
  });

  it("when analytics 1.1 is deployed without a rule, then app 1.0's calls alternate between analytics 1.0 and 1.1", () => {
    const mesh = at("k8s/step-2-update-voting-analytics-to-1.1.yaml");
    const versions = Array.from({ length: 4 }, () =>
      versionOf(mesh.route(call("voting-app", "1.0", "voting-analytics", 8080))),
    );
    expect(versions).toEqual(["1.0", "1.1", "1.0", "1.1"]);
    expect(chain(mesh)[0]).toBe("1.0");
  });

  it("when Istio's step 2 is applied, then every request reaches analytics 1.1 only", () => {
    const mesh = at("istio/step-2-update-and-add-routing-for-all-components.yaml");
    const chains = Array.from({ length: 4 }, () => chain(mesh));
    expect(new Set(chains.map((each) => each.join(" ")))).toEqual(
      new Set(["1.0 1.1 voting-storage-1-0"]),
    );
  });

  it("when step 3 is complete, then featureflag=on reaches app 2.0 on MySQL and no cookie reaches app 1.0 on Redis", () => {
    const mesh = meshOn(endOfStep(3, variant), install);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(chain(mesh, "featureflag=on")).toEqual(["2.0", "2.0", "voting-storage-2-0"]);
      expect(chain(mesh, "a=b; featureflag=on")).toEqual(["2.0", "2.0", "voting-storage-2-0"]);
      expect(chain(mesh)).toEqual(["1.0", "1.1", "voting-storage-1-0"]);
      expect(chain(mesh, "featureflag=onion")).toEqual(["1.0", "1.1", "voting-storage-1-0"]);
    }
  });

  it("when step 4 is complete, then every user reaches app 2.0 on MySQL, flag or not", () => {
    const mesh = meshOn(endOfStep(4, variant), install);
    for (const cookie of [undefined, "featureflag=on", "featureflag=off"]) {
      expect(chain(mesh, cookie)).toEqual(["2.0", "2.0", "voting-storage-2-0"]);
    }
  });

  it("when the step-1 ingress file of the variant is applied, then the ingress goes through the gateway it made", () => {
    const mesh = at(STEP_1_FILE[variant]);
    const expected =
      variant === "gateway-api"
        ? "gateway.networking.k8s.io/voting/voting-app-gateway"
        : "voting/voting-app-gateway";
    expect(mesh.ingressGateways().map((entry) => entry.gateway)).toEqual([expected]);
  });
});

describe("the failure of the issue: step 1's Gateway on the AKS add-on", () => {
  const ISTIO_STEP_1 = "istio/step-1-create-voting-app-gateway.yaml";

  it("when only step 1's Istio file is applied on the add-on, then its Gateway selects no ingress and every request gets 404", () => {
    const mesh = meshOn(objectsAfter(ISTIO_STEP_1, "aks-addon"), "aks-addon");
    expect(mesh.ingressGateways()).toEqual([]);
    expect(chain(mesh)).toEqual([404]);
  });

  it("when istio/ingress/aks-addon.yaml follows it, then the add-on's ingress serves app 1.0", () => {
    const state = after("istio/ingress/aks-addon.yaml", "aks-addon");
    expect(state.lines).toEqual(["gateway.networking.istio.io/voting-app-gateway configured"]);
    expect(chain(meshOn([...state.applied.values()], "aks-addon"))).toEqual([
      "1.0",
      "1.0",
      "voting-storage-1-0",
    ]);
  });

  it("when a Gateway selects one install's ingress, then the others' serve nothing, so each install needs its file", () => {
    const served = (file: string, variant: WalkVariant) =>
      (["istioctl", "helm", "aks-addon"] as const).filter(
        (install) => chain(meshOn(objectsAfter(file, variant), install))[0] === "1.0",
      );
    expect(served(ISTIO_STEP_1, "istioctl")).toEqual(["istioctl"]);
    expect(served("istio/ingress/helm.yaml", "helm")).toEqual(["helm"]);
    expect(served("istio/ingress/aks-addon.yaml", "aks-addon")).toEqual(["aks-addon"]);
  });
});

describe("each variant's walk", () => {
  const images = loadImageList();
  const commands = (variant: WalkVariant) => TUTORIAL_WALKS[variant].map((a) => JSON.stringify(a));

  it("when the istioctl walk is asked for, then it is TUTORIAL_WALK", () => {
    expect(TUTORIAL_WALKS.istioctl).toBe(TUTORIAL_WALK);
  });

  it("when Helm or the add-on is walked, then it is the istioctl walk with its ingress file right after step 1's Istio file", () => {
    for (const variant of ["helm", "aks-addon"] as const) {
      const extra = commands(variant).filter((entry) => !commands("istioctl").includes(entry));
      expect(extra).toEqual([JSON.stringify({ step: 1, apply: `istio/ingress/${variant}.yaml` })]);
      const index = TUTORIAL_WALKS[variant].findIndex(
        (action) => "apply" in action && action.apply === `istio/ingress/${variant}.yaml`,
      );
      expect(TUTORIAL_WALKS[variant][index - 1]).toEqual({
        step: 1,
        apply: "istio/step-1-create-voting-app-gateway.yaml",
      });
      expect(commands(variant).filter((entry) => !extra.includes(entry))).toEqual(
        commands("istioctl"),
      );
    }
  });

  it("when the Gateway API variant is walked, then kubectl prints the Gateway API objects where Istio's step 1 printed its own", () => {
    const lines = (file: string) => after(file, "gateway-api").lines;
    expect(lines("gateway-api/step-1-create-voting-app-gateway.yaml")).toEqual([
      "gateway.gateway.networking.k8s.io/voting-app-gateway created",
      "httproute.gateway.networking.k8s.io/voting-app created",
    ]);
    expect(lines("istio/step-2-update-and-add-routing-for-all-components.yaml")[0]).toBe(
      "virtualservice.networking.istio.io/voting-app created",
    );
    expect(lines("gateway-api/step-3-add-routing-for-2.0-components.yaml")).toEqual([
      "service/voting-app-v1-0 created",
      "service/voting-app-v2-0 created",
      "httproute.gateway.networking.k8s.io/voting-app configured",
    ]);
    expect(lines("gateway-api/step-4-route-all-users-to-2.0.yaml")).toEqual([
      "httproute.gateway.networking.k8s.io/voting-app configured",
    ]);
  });

  it.each(["helm", "aks-addon"] as const)(
    "when the %s walk ends each step, then analysis finds no problem",
    (variant) => {
      for (const step of [1, 2, 3, 4])
        expect(analyze(endOfStep(step, variant), { images })).toEqual([]);
    },
  );

  it("when the Gateway API walk ends each step, then the only problems are Istio's VirtualService voting-app bound to a Gateway that is not there, and the drained 1.0 Service", () => {
    const unbound = "VirtualService voting/voting-app: gateway voting-app-gateway does not exist";
    const problems = [1, 2, 3, 4].map((step) =>
      analyze(endOfStep(step, "gateway-api"), { images }),
    );
    expect(problems).toEqual([
      [],
      [unbound],
      [unbound],
      [
        "Service voting/voting-app-v1-0: its selector matches no pod",
        'Service voting/voting-app-v1-0: no selected pod declares the target port "http"',
        unbound,
      ],
    ]);
  });

  it("when the Gateway API's routes for 2.0 are applied before the 2.0 pods, then flagged users get 503 and the others keep 1.0", () => {
    const mesh = meshOn(
      objectsAfter("gateway-api/step-3-add-routing-for-2.0-components.yaml", "gateway-api"),
      "istioctl",
    );
    expect(chain(mesh, "featureflag=on")).toEqual([503]);
    expect(chain(mesh)).toEqual(["1.0", "1.1", "voting-storage-1-0"]);
  });

  it("when the walks run, then every variant ends with the same deployments", () => {
    const deployments = (variant: WalkVariant) =>
      [...walks[variant].at(-1)!.applied.values()]
        .filter((object) => object.kind === "Deployment")
        .map((object) => object.metadata.name)
        .sort();
    for (const variant of ["helm", "aks-addon", "gateway-api"] as const)
      expect(deployments(variant)).toEqual(deployments("istioctl"));
  });
});
