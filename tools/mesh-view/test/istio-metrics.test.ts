import request from "supertest";
import { describe, expect, it } from "vitest";
import { createMeshView, createViewApp, ISTIO_DURATION_BUCKETS_MS } from "../src/index.js";
import { sample } from "@voting/devstack/metrics-text";
import { INGRESS, request as record, workload } from "./builders.js";

const APP = workload("voting-app", "1.0");
const ANALYTICS = workload("voting-analytics", "1.1");

/** Every label Istio puts on a request from voting-app 1.0 to voting-analytics 1.1. */
const APP_TO_ANALYTICS = {
  reporter: "source",
  source_workload: "voting-app-1-0",
  source_workload_namespace: "voting",
  source_principal: "unknown",
  source_app: "voting-app",
  source_version: "1.0",
  source_canonical_service: "voting-app",
  source_canonical_revision: "1.0",
  source_cluster: "Kubernetes",
  destination_workload: "voting-analytics-1-1",
  destination_workload_namespace: "voting",
  destination_principal: "unknown",
  destination_app: "voting-analytics",
  destination_version: "1.1",
  destination_canonical_service: "voting-analytics",
  destination_canonical_revision: "1.1",
  destination_cluster: "Kubernetes",
  destination_service: "voting-analytics.voting.svc.cluster.local",
  destination_service_name: "voting-analytics",
  destination_service_namespace: "voting",
  request_protocol: "http",
  response_flags: "-",
  connection_security_policy: "unknown",
};

describe("Istio's standard metrics", () => {
  it("when requests are recorded, then istio_requests_total counts each label set exactly", async () => {
    const view = createMeshView();
    view.recordRequest(record(APP, ANALYTICS));
    view.recordRequest(record(APP, ANALYTICS));
    view.recordRequest(record(APP, ANALYTICS, { responseCode: 503, responseFlags: "UF" }));
    view.recordRequest(
      record(APP, ANALYTICS, { reporter: "destination", connectionSecurityPolicy: "mutual_tls" }),
    );

    const text = await view.metrics.registry.metrics();
    const ok = { ...APP_TO_ANALYTICS, response_code: "200", grpc_response_status: "" };
    expect(sample(text, "istio_requests_total", ok)).toBe(2);
    expect(
      sample(text, "istio_requests_total", { ...ok, response_code: "503", response_flags: "UF" }),
    ).toBe(1);
    const inbound = { ...ok, reporter: "destination", connection_security_policy: "mutual_tls" };
    expect(sample(text, "istio_requests_total", inbound)).toBe(1);
  });

  it("when a request is timed, then the duration histogram uses Envoy's millisecond buckets", async () => {
    const view = createMeshView();
    view.recordRequest(record(APP, ANALYTICS, { durationMs: 7 }));
    view.recordRequest(record(APP, ANALYTICS, { durationMs: 120 }));

    const text = await view.metrics.registry.metrics();
    const labels = { ...APP_TO_ANALYTICS, response_code: "200", grpc_response_status: "" };
    const bucket = (le: string) =>
      sample(text, "istio_request_duration_milliseconds_bucket", { ...labels, le });
    expect(ISTIO_DURATION_BUCKETS_MS.slice(0, 8)).toEqual([0.5, 1, 5, 10, 25, 50, 100, 250]);
    expect(bucket("5")).toBe(0);
    expect(bucket("10")).toBe(1);
    expect(bucket("100")).toBe(1);
    expect(bucket("250")).toBe(2);
    expect(bucket("3600000")).toBe(2);
    expect(sample(text, "istio_request_duration_milliseconds_sum", labels)).toBe(127);
    expect(sample(text, "istio_request_duration_milliseconds_count", labels)).toBe(2);
  });

  it("when TCP connections open and close, then both are counted with request_protocol tcp", async () => {
    const view = createMeshView();
    const storage = workload("voting-storage", "1.0");
    const closeFirst = view.recordTcpOpen({ source: APP, destination: storage });
    view.recordTcpOpen({ source: APP, destination: storage });
    closeFirst();
    closeFirst(); // a socket may report its end twice; it closed once

    const text = await view.metrics.registry.metrics();
    const labels = {
      ...APP_TO_ANALYTICS,
      destination_workload: "voting-storage-1-0",
      destination_app: "voting-storage",
      destination_version: "1.0",
      destination_canonical_service: "voting-storage",
      destination_canonical_revision: "1.0",
      destination_service: "voting-storage.voting.svc.cluster.local",
      destination_service_name: "voting-storage",
      request_protocol: "tcp",
    };
    expect(sample(text, "istio_tcp_connections_opened_total", labels)).toBe(2);
    expect(sample(text, "istio_tcp_connections_closed_total", labels)).toBe(1);
  });

  it("when no proxy handled a request, then it is drawn but not in Istio's metrics", async () => {
    const view = createMeshView();
    view.recordRequest(record(INGRESS, APP, { proxied: false }));
    const text = await view.metrics.registry.metrics();
    expect(text).not.toMatch(/^istio_requests_total\{/m);
    expect(view.graph().edges).toHaveLength(1);
  });

  it("when GET /metrics is scraped, then it answers the text format with its content type", async () => {
    const view = createMeshView();
    view.recordRequest(record(INGRESS, APP));
    const response = await request(createViewApp(view)).get("/metrics").expect(200);
    expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.text).toContain("# TYPE istio_requests_total counter");
    expect(response.text).toContain("# TYPE istio_request_duration_milliseconds histogram");
    expect(
      sample(response.text, "istio_requests_total", {
        ...APP_TO_ANALYTICS,
        source_workload: "aks-istio-ingressgateway-external",
        source_workload_namespace: "aks-istio-ingress",
        source_app: "aks-istio-ingressgateway-external",
        source_version: "unknown",
        source_canonical_service: "aks-istio-ingressgateway-external",
        source_canonical_revision: "unknown",
        destination_workload: "voting-app-1-0",
        destination_app: "voting-app",
        destination_version: "1.0",
        destination_canonical_service: "voting-app",
        destination_canonical_revision: "1.0",
        destination_service: "voting-app.voting.svc.cluster.local",
        destination_service_name: "voting-app",
        response_code: "200",
        grpc_response_status: "",
      }),
    ).toBe(1);
  });
});
