import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyResources, buildMesh, MeshConfigError, seededRandom } from "@voting/mesh";
import { describe, expect, it } from "vitest";
import { analyze, loadImageList, loadManifest, NAMESPACE, REPO_ROOT } from "../src/index.js";
import { after, changed, ingress, meshOf, version } from "./helpers.js";

const STEP_3 = after("k8s/step-3-update-voting-app-with-new-storage.yaml").applied;
const RELEASE = "istio/extras/release";
const AUTHORIZATION = "istio/extras/authorization";

function withExtra(...files: string[]) {
  let applied = STEP_3;
  const lines: string[] = [];
  for (const file of files) {
    const result = applyResources(applied, loadManifest(file), NAMESPACE);
    applied = result.applied;
    lines.push(...result.lines);
  }
  return { objects: [...applied.values()], lines };
}

/** Share of 2000 requests without the flag that reach app 2.0. */
function canaryShare(file: string): number {
  const mesh = meshOf(withExtra(file).objects, 42);
  const versions = Array.from({ length: 2000 }, () => version(mesh.route(ingress())));
  return versions.filter((each) => each === "2.0").length / versions.length;
}

describe("weighted canary of app 2.0", () => {
  it("when a canary file is applied after step 3, then it reconfigures only the voting-app VirtualService", () => {
    for (const file of [
      "voting-app-canary-90-10",
      "voting-app-canary-75-25",
      "voting-app-canary-100",
      "voting-app-canary-by-header",
    ]) {
      expect(withExtra(`${RELEASE}/${file}.yaml`).lines).toEqual([
        "virtualservice.networking.istio.io/voting-app configured",
      ]);
    }
  });

  it.each([
    ["voting-app-canary-90-10", 0.1],
    ["voting-app-canary-75-25", 0.25],
    ["voting-app-canary-100", 1],
  ] as const)(
    "when %s is applied, then about %s of the requests without the flag reach 2.0",
    (file, expected) => {
      expect(canaryShare(`${RELEASE}/${file}.yaml`)).toBeCloseTo(expected, 1);
    },
  );

  it("when a user has the flag during a weighted canary, then every request reaches 2.0", () => {
    const mesh = meshOf(withExtra(`${RELEASE}/voting-app-canary-90-10.yaml`).objects);
    const versions = Array.from({ length: 50 }, () =>
      version(mesh.route(ingress({ cookie: "featureflag=on" }))),
    );
    expect(new Set(versions)).toEqual(new Set(["2.0"]));
  });
});

describe("header-based canary", () => {
  const mesh = () => meshOf(withExtra(`${RELEASE}/voting-app-canary-by-header.yaml`).objects);

  it.each([
    [{ "x-canary": "true" }, "2.0"],
    [{ "X-Canary": "true" }, "2.0"],
    [{ cookie: "featureflag=on" }, "2.0"],
    [{ "x-canary": "True" }, "1.0"],
    [{ "x-canary": "false" }, "1.0"],
    [{}, "1.0"],
  ] as const)("when the request carries %j, then it reaches app %s", (headers, expected) => {
    expect(version(mesh().route(ingress(headers)))).toBe(expected);
  });
});

describe("authorization policies", () => {
  const images = loadImageList();
  const files = [
    `${AUTHORIZATION}/service-accounts.yaml`,
    `${AUTHORIZATION}/authorization-policies.yaml`,
  ];

  it("when the accounts and policies are added after step 3, then every principal and selector resolves", () => {
    expect(analyze(withExtra(...files).objects, { images })).toEqual([]);
  });

  it("when the policies are applied without the accounts, then the missing accounts are reported", () => {
    const problems = analyze(withExtra(files[1]!).objects, { images });
    expect(problems).toEqual([
      expect.stringContaining("sa/voting-app names a ServiceAccount that does not exist"),
      expect.stringContaining("sa/voting-app names a ServiceAccount that does not exist"),
      expect.stringContaining("sa/voting-analytics names a ServiceAccount that does not exist"),
    ]);
  });

  it("when the README switches accounts, then every deployment of the walk gets the account of its app", () => {
    const readme = readFileSync(join(REPO_ROOT, "istio/extras/README.md"), "utf8");
    const switched = [
      ...readme.matchAll(/kubectl set serviceaccount deployment (\S+) (\S+) --namespace voting/g),
    ].map(([, deployment, account]) => [deployment, account]);
    const deployments = [...STEP_3.values()]
      .filter((object) => object.kind === "Deployment")
      .map((object) => [object.metadata.name, object.metadata.labels?.app]);
    expect(switched.sort()).toEqual(deployments.sort());
  });

  it.each([
    ["istioctl", "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"],
    ["helm", "cluster.local/ns/istio-ingress/sa/istio-ingress"],
    ["aks-addon", "cluster.local/ns/aks-istio-ingress/sa/aks-istio-ingressgateway-external"],
    ["gateway-api", "cluster.local/ns/voting/sa/voting-app-gateway-istio"],
  ])(
    "when the walk runs on %s, then the voting-app policy allows its ingress gateway's account on 8080",
    (_variant, principal) => {
      const policy = loadManifest(files[1]!).find(
        (object) => object.metadata.name === "voting-app",
      ) as unknown as {
        spec: { rules: { from: { source: { principals: string[] } }[]; to: unknown }[] };
      };
      const allowed = policy.spec.rules.filter((rule) =>
        rule.from.some((from) => from.source.principals.includes(principal)),
      );
      expect(allowed.map((rule) => rule.to)).toEqual([[{ operation: { ports: ["8080"] } }]]);
    },
  );

  it("when the Gateway API gateway's account is allowed, then it matches the Deployment Istio makes for the Gateway", () => {
    const [gateway] = loadManifest("gateway-api/step-1-create-voting-app-gateway.yaml");
    expect(`${gateway!.metadata.name}-istio`).toBe("voting-app-gateway-istio");
  });

  it("when a principal names a missing account of the namespace that Istio does not deploy, then it is still reported", () => {
    const { objects } = withExtra(...files);
    const typo = objects.map((object) =>
      object.kind === "AuthorizationPolicy" && object.metadata.name === "voting-analytics"
        ? changed(object, {
            "spec.rules[0].from[0].source.principals[0]": "cluster.local/ns/voting/sa/voting-ap",
          })
        : object,
    );
    expect(analyze(typo, { images })).toEqual([
      "AuthorizationPolicy voting/voting-analytics: principal cluster.local/ns/voting/sa/voting-ap names a ServiceAccount that does not exist",
    ]);
  });

  it("when the mesh is given an AuthorizationPolicy, then it refuses it rather than route as if it allowed all", () => {
    expect(() =>
      buildMesh(withExtra(...files).objects, { namespace: NAMESPACE, random: seededRandom(1) }),
    ).toThrow(MeshConfigError);
  });
});
