import { describe, expect, it } from "vitest";
import { buildMesh, MeshConfigError } from "../src/index.js";
import { destinationRule, NAMESPACE, shop, to, virtualService } from "./builders.js";

const build = (extra: unknown) => () => buildMesh([...shop(), extra], { namespace: NAMESPACE });

describe("what the mesh does not implement is refused, naming the resource and field", () => {
  it("when a match has a field the mesh does not implement, then building fails naming it", () => {
    const resource = virtualService("api", {
      http: [{ match: [{ withoutHeaders: { a: { exact: "b" } } }], route: [to("api", "v1")] }],
    });
    expect(build(resource)).toThrow(MeshConfigError);
    expect(build(resource)).toThrow(
      "VirtualService shop/api: spec.http[0].match[0].withoutHeaders is not supported",
    );
  });

  it("when a route carries retries, a redirect or a fault, then building fails naming it", () => {
    for (const field of ["retries", "redirect", "fault", "timeout"]) {
      const resource = virtualService("api", { http: [{ route: [to("api", "v1")], [field]: {} }] });
      expect(build(resource)).toThrow(`spec.http[0].${field} is not supported`);
    }
  });

  it("when a destination has an unknown field, then building fails naming it", () => {
    const resource = virtualService("api", {
      http: [{ route: [{ destination: { host: "api", subnet: "v1" } }] }],
    });
    expect(build(resource)).toThrow("spec.http[0].route[0].destination.subnet is not supported");
  });

  it("when a DestinationRule sets a load balancer, then building fails, since it would change the pick", () => {
    const resource = destinationRule("api", { v1: { version: "1" } });
    (resource.spec.trafficPolicy as Record<string, unknown>).loadBalancer = { simple: "RANDOM" };
    expect(build(resource)).toThrow("spec.trafficPolicy.loadBalancer is not supported");
  });

  it("when a kind is unknown to the mesh, then building fails naming the kind", () => {
    const resource = {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "a" },
      spec: {},
    };
    expect(build(resource)).toThrow(
      "kind AuthorizationPolicy (security.istio.io/v1) is not supported",
    );
  });

  it("when a regex is not valid RE2, then building fails naming the field", () => {
    const resource = virtualService("api", {
      http: [{ match: [{ headers: { cookie: { regex: "(?=x)" } } }], route: [to("api", "v1")] }],
    });
    expect(build(resource)).toThrow(
      "spec.http[0].match[0].headers.cookie.regex is not a valid RE2 expression",
    );
  });

  it("when a string match sets two operators, then building fails", () => {
    const resource = virtualService("api", {
      http: [{ match: [{ uri: { exact: "/", prefix: "/" } }], route: [to("api", "v1")] }],
    });
    expect(build(resource)).toThrow("must have exactly one of exact, prefix or regex");
  });

  it("when a label value is a number, then building fails asking for quotes", () => {
    const resource = destinationRule("api", { v1: { version: 1 as unknown as string } });
    expect(build(resource)).toThrow("spec.subsets[0].labels.version must be a string");
  });

  it("when a route has several destinations and no weights, then building fails", () => {
    const resource = virtualService("api", {
      http: [{ route: [to("api", "v1"), to("api", "v2")] }],
    });
    expect(build(resource)).toThrow("has several destinations but no weights");
  });

  it("when resources are inert for routing (Secret, PersistentVolumeClaim), then they are accepted", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      stringData: { a: "b" },
    };
    expect(build(secret)).not.toThrow();
  });
});
