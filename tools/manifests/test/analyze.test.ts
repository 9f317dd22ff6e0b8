import { INGRESS_LABELS } from "@voting/mesh";
import { describe, expect, it } from "vitest";
import { analyze, loadImageList } from "../src/index.js";
import { changed, endOfStep } from "./helpers.js";

const images = loadImageList();
const STEP_3 = endOfStep(3);

/** The end of step 3 with one object changed, and what analysis says about it. */
function problemsWith(kind: string, name: string, changes: Record<string, unknown>): string[] {
  const objects = STEP_3.map((object) =>
    object.kind === kind && object.metadata.name === name ? changed(object, changes) : object,
  );
  return analyze(objects, { images });
}

/** Where the app 2.0 container reads MYSQL_USER. */
const MYSQL_USER_KEY = (() => {
  const app = STEP_3.find((object) => object.metadata.name === "voting-app-2-0") as unknown as {
    spec: { template: { spec: { containers: { env: { name: string }[] }[] } } };
  };
  const index = app.spec.template.spec.containers[0]!.env.findIndex(
    (variable) => variable.name === "MYSQL_USER",
  );
  return `spec.template.spec.containers[0].env[${index}].valueFrom.secretKeyRef.key`;
})();

describe("analysis catches broken references", () => {
  it("when a route names a subset no DestinationRule defines, then it is reported", () => {
    const problems = problemsWith("VirtualService", "voting-analytics", {
      "spec.http[1].route[0].destination.subset": "v2-1",
    });
    expect(problems).toEqual([
      "VirtualService voting/voting-analytics: subset v2-1 of voting-analytics.voting.svc.cluster.local is not defined by a DestinationRule",
    ]);
  });

  it("when a route names a host that is no Service, or a port the Service lacks, then it is reported", () => {
    const problems = problemsWith("VirtualService", "voting-storage", {
      "spec.tcp[0].route[0].destination.port.number": 6380,
      "spec.tcp[1].route[0].destination.host": "voting-store",
    });
    expect(problems).toEqual([
      "VirtualService voting/voting-storage: destination voting-storage.voting.svc.cluster.local has no port 6380",
      "VirtualService voting/voting-storage: destination voting-store.voting.svc.cluster.local is not a Service",
    ]);
  });

  it("when a subset's labels select no pod, then it is reported", () => {
    const problems = problemsWith("DestinationRule", "voting-app", {
      "spec.subsets[1].labels.version": "2",
    });
    expect(problems).toEqual([
      "DestinationRule voting/voting-app: subset v2-0 selects no pod of any Deployment",
    ]);
  });

  it("when sourceLabels match no pod, then it is reported", () => {
    const problems = problemsWith("VirtualService", "voting-analytics", {
      "spec.http[0].match[0].sourceLabels.app": "voting-ap",
    });
    expect(problems).toEqual([
      expect.stringContaining('sourceLabels {"app":"voting-ap","version":"1.0"} match no pod'),
    ]);
  });

  it("when a Service selects nothing or names a port against Istio's convention, then it is reported", () => {
    const problems = problemsWith("Service", "voting-app", {
      "spec.selector.app": "voting",
      "spec.ports[0].name": "web",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "Service voting/voting-app: its selector matches no pod",
        'Service voting/voting-app: port 8080 is named "web", not <protocol>[-<suffix>] as Istio expects',
      ]),
    );
  });

  it("when a pod reads a secret key that does not exist, then it is reported", () => {
    const problems = problemsWith("Deployment", "voting-app-2-0", {
      [MYSQL_USER_KEY]: "MYSQL_USERNAME",
    });
    expect(problems).toEqual([
      "Deployment voting/voting-app-2-0: MYSQL_USER reads key MYSQL_USERNAME, which Secret voting-storage-secret lacks",
    ]);
  });

  it("when an image is not in scripts/images.txt or its tag is not the pod's version, then it is reported", () => {
    const unlisted = problemsWith("Deployment", "voting-app-2-0", {
      "spec.template.spec.containers[0].image": "voting/voting-app:latest",
    });
    expect(unlisted).toEqual([
      "Deployment voting/voting-app-2-0: image voting/voting-app:latest is not listed in scripts/images.txt",
      "Deployment voting/voting-app-2-0: image tag latest differs from the pod's version label 2.0",
    ]);
    const mismatched = problemsWith("Deployment", "voting-app-2-0", {
      "spec.template.spec.containers[0].image": "voting/voting-app:1.0",
    });
    expect(mismatched).toEqual([
      "Deployment voting/voting-app-2-0: image tag 1.0 differs from the pod's version label 2.0",
    ]);
  });

  it("when a VirtualService names a gateway that does not exist, then it is reported", () => {
    const problems = problemsWith("VirtualService", "voting-app", {
      "spec.gateways": ["voting-gateway"],
    });
    expect(problems).toEqual([
      "VirtualService voting/voting-app: gateway voting-gateway does not exist",
    ]);
  });

  it("when a probe or a Service names a container port that is not declared, then it is reported", () => {
    const problems = problemsWith("Deployment", "voting-storage-2-0", {
      "spec.template.spec.containers[0].ports[0].name": "db",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'Deployment voting/voting-storage-2-0: a probe targets port "mysql", which voting-storage does not declare',
        'Service voting/voting-storage: no selected pod declares the target port "mysql"',
      ]),
    );
  });
});

describe("analysis of the ingress files", () => {
  const GATEWAY_API_STEP_3 = endOfStep(3, "gateway-api");

  /** The end of the Gateway API walk's step 3 with one object changed, and what analysis says. */
  function gatewayApiProblems(kind: string, name: string, changes: Record<string, unknown>) {
    const objects = GATEWAY_API_STEP_3.map((object) =>
      object.kind === kind && object.metadata.name === name ? changed(object, changes) : object,
    );
    const unbound = "VirtualService voting/voting-app: gateway voting-app-gateway does not exist";
    return analyze(objects, { images }).filter((problem) => problem !== unbound);
  }

  it("when an HTTPRoute's parentRef names no Gateway, or no listener of it, then it is reported", () => {
    expect(
      gatewayApiProblems("HTTPRoute", "voting-app", { "spec.parentRefs[0].name": "voting-gw" }),
    ).toEqual([
      "HTTPRoute voting/voting-app: parentRefs[0] names Gateway voting-gw, which does not exist",
    ]);
    expect(
      gatewayApiProblems("HTTPRoute", "voting-app", {
        "spec.parentRefs[0].sectionName": "https",
      }),
    ).toEqual([
      "HTTPRoute voting/voting-app: parentRefs[0] names no listener of Gateway voting-app-gateway (sectionName https, port any)",
    ]);
    expect(
      gatewayApiProblems("HTTPRoute", "voting-app", { "spec.parentRefs[0].port": 443 }),
    ).toEqual([
      "HTTPRoute voting/voting-app: parentRefs[0] names no listener of Gateway voting-app-gateway (sectionName any, port 443)",
    ]);
  });

  it("when an HTTPRoute's backend is no Service, or a port the Service lacks, then it is reported", () => {
    expect(
      gatewayApiProblems("HTTPRoute", "voting-app", {
        "spec.rules[0].backendRefs[0].name": "voting-app-v2",
        "spec.rules[1].backendRefs[0].port": 80,
      }),
    ).toEqual([
      "HTTPRoute voting/voting-app: backend voting-app-v2.voting.svc.cluster.local is not a Service",
      "HTTPRoute voting/voting-app: backend voting-app-v1-0.voting.svc.cluster.local has no port 80",
    ]);
  });

  it("when a VirtualService names a Gateway that exists only as a Gateway API Gateway, then it is reported as missing", () => {
    const problems = analyze(GATEWAY_API_STEP_3, { images });
    expect(problems).toEqual([
      "VirtualService voting/voting-app: gateway voting-app-gateway does not exist",
    ]);
  });

  it("when an Istio Gateway's selector fits no known install's ingress labels, then it is reported", () => {
    expect(
      problemsWith("Gateway", "voting-app-gateway", {
        "spec.selector.istio": "aks-istio-ingressgateway-internal",
      }),
    ).toEqual([
      "Gateway voting/voting-app-gateway: selector istio=aks-istio-ingressgateway-internal selects the ingress gateway of no known install (istioctl, helm, aks-addon)",
    ]);
    for (const istio of ["ingressgateway", "ingress", "aks-istio-ingressgateway-external"]) {
      expect(
        problemsWith("Gateway", "voting-app-gateway", { "spec.selector.istio": istio }),
      ).toEqual([]);
    }
  });

  it("when the ingress labels are narrowed to one install, then another install's Gateway is reported", () => {
    const objects = endOfStep(3, "aks-addon");
    expect(
      analyze(objects, { images, ingressLabels: { istioctl: INGRESS_LABELS.istioctl } }),
    ).toEqual([
      "Gateway voting/voting-app-gateway: selector istio=aks-istio-ingressgateway-external selects the ingress gateway of no known install (istioctl)",
    ]);
  });
});
