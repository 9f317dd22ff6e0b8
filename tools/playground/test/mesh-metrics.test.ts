import { describe, expect, it } from "vitest";
import { metricValue } from "@voting/devstack/metrics-text";
import { allRunning, loop, usePlayground, waitForPods } from "./walk-helpers.js";

// Istio's metrics of the playground as a Prometheus scrapes them: at step 2 every page view is
// one request through the ingress to app 1.0 and one from app 1.0 to analytics 1.1.
const playground = usePlayground(["--at-step", "2"], "pg_metrics");
const PAGES = 13;

async function scrape(): Promise<string> {
  const response = await fetch(`${playground().viewUrl}/metrics`);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

describe("the playground's Istio metrics", () => {
  it("when it starts, then the banner names the live view", async () => {
    await expect
      .poll(() => playground().output.join("\n"), { timeout: 40_000, interval: 200 })
      .toContain(`The live view of the mesh (Istio's metrics at /metrics): http://localhost:`);
  });

  it("when N pages are viewed at step 2, then the ingress and the app's sidecar each count exactly N", async () => {
    await waitForPods(playground().kubeconfig, (pods) => pods.length === 6 && allRunning(pods));
    const before = await scrape();
    const pages = await loop(playground().url, PAGES);
    expect(pages.map((page) => [page.status, page.analyticsVersion])).toEqual(
      Array(PAGES).fill([200, "1.1"]),
    );

    const ingressToApp = {
      reporter: "source",
      source_workload: "istio-ingressgateway",
      source_workload_namespace: "istio-system",
      destination_workload: "voting-app-1-0",
      destination_workload_namespace: "voting",
      destination_app: "voting-app",
      destination_version: "1.0",
      destination_service: "voting-app.voting.svc.cluster.local",
      response_code: "200",
    };
    const appToAnalytics = {
      reporter: "source",
      source_workload: "voting-app-1-0",
      source_version: "1.0",
      destination_workload: "voting-analytics-1-1",
      destination_version: "1.1",
      destination_service_name: "voting-analytics",
      response_code: "200",
    };
    const added = (text: string, name: string, labels: Record<string, string>) =>
      metricValue(text, name, labels) - metricValue(before, name, labels);
    const after = await scrape();
    expect(added(after, "istio_requests_total", ingressToApp)).toBe(PAGES);
    expect(added(after, "istio_requests_total", appToAnalytics)).toBe(PAGES);
    // The destination's sidecar reports each request too, as Istio's do.
    expect(
      added(after, "istio_requests_total", { ...appToAnalytics, reporter: "destination" }),
    ).toBe(PAGES);
    expect(added(after, "istio_request_duration_milliseconds_count", ingressToApp)).toBe(PAGES);
    // Analytics 1.0 gets nothing once Istio step 2 pins app 1.0 to 1.1.
    expect(
      added(after, "istio_requests_total", {
        reporter: "source",
        destination_workload: "voting-analytics-1-0",
      }),
    ).toBe(0);
    // The stores are reached over TCP: Redis connections through the sidecars.
    expect(
      metricValue(after, "istio_tcp_connections_opened_total", {
        reporter: "source",
        destination_workload: "voting-storage-1-0",
      }),
    ).toBeGreaterThan(0);
  });

  it("when the graph is asked for, then it shows the edges of step 2 with their rules and the pods' readiness", async () => {
    const graph = (await (await fetch(`${playground().viewUrl}/api/graph`)).json()) as {
      edges: { source: string; target: string; protocol: string; rule: string }[];
      pods: { labels: Record<string, string>; readyContainers: number; containers: number }[];
    };
    const http = graph.edges.filter((edge) => edge.protocol === "http");
    expect(http.map((edge) => [edge.source, edge.target, edge.rule])).toEqual([
      [
        "ingress/istio-system/istio-ingressgateway",
        "voting/voting-app/1.0",
        "VirtualService voting/voting-app, subset v1-0",
      ],
      [
        "voting/voting-app/1.0",
        "voting/voting-analytics/1.1",
        "VirtualService voting/voting-analytics, subset v1-1",
      ],
    ]);
    expect(graph.pods.map((pod) => `${pod.readyContainers}/${pod.containers}`)).toEqual(
      Array(6).fill("2/2"),
    );
  });

  it("when the playground stops, then the view stops with it", async () => {
    await playground().stop();
    await expect(fetch(`${playground().viewUrl}/metrics`)).rejects.toThrow();
  });
});
