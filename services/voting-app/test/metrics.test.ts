import request from "supertest";
import { describe, expect, it } from "vitest";
import { createServiceMetrics, type ServiceMetrics } from "@voting/common";
import { sample } from "@voting/devstack/metrics-text";
import { meteredStore } from "@voting/storage";
import { MemoryVoteStore } from "@voting/storage/testing";
import { AnalyticsTimeout, meteredAnalytics } from "../src/analytics-client.js";
import { buildVotingApp, FakeAnalytics, pageSettings } from "./builders.js";

/** One series of the app's metrics, by its exact labels, as a scrape shows it. */
async function valueOf(
  metrics: ServiceMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  return sample(await metrics.registry.metrics(), name, labels);
}

/** The app as server.ts wires it: one registry behind the routes, the store and the analytics client. */
function meteredVotingApp() {
  const metrics = createServiceMetrics({ service: "voting-app", version: "1.0" });
  const memory = new MemoryVoteStore("redis");
  const fake = new FakeAnalytics(memory, pageSettings().options);
  const built = buildVotingApp({
    store: meteredStore(memory, metrics),
    analytics: meteredAnalytics(fake, metrics),
    metrics,
  });
  return { ...built, metrics, fake };
}

describe("voting-app GET /metrics", () => {
  it("when pages are viewed and votes cast, then each is counted once under its route pattern", async () => {
    const { app, metrics } = meteredVotingApp();
    await request(app).get("/").expect(200);
    await request(app).get("/").expect(200);
    await request(app).post("/").type("form").send({ vote: "Cats" }).expect(302);
    await request(app).post("/").type("form").send({ vote: "Birds" }).expect(400);
    await request(app).get("/no/such/page").expect(404);

    const count = (labels: Record<string, string>) =>
      valueOf(metrics, "http_request_duration_seconds_count", labels);
    expect(await count({ method: "GET", route: "/", status_code: "200" })).toBe(2);
    expect(await count({ method: "POST", route: "/", status_code: "302" })).toBe(1);
    expect(await count({ method: "POST", route: "/", status_code: "400" })).toBe(1);
    // Never the raw path: a label per unknown URL would grow without bound.
    expect(await count({ method: "GET", route: "unmatched", status_code: "404" })).toBe(1);
    expect(await valueOf(metrics, "votes_total", { option: "Cats" })).toBe(1);
    expect(await valueOf(metrics, "analytics_requests_total", { outcome: "ok" })).toBe(2);
    const storeCalls = (command: string) =>
      valueOf(metrics, "store_command_duration_seconds_count", { store: "redis", command });
    expect(await storeCalls("vote")).toBe(1);
  });

  it("when analytics times out or fails, then each outcome is counted apart", async () => {
    const { app, metrics, fake } = meteredVotingApp();
    fake.failure = new AnalyticsTimeout("analytics did not answer within 1000 ms");
    await request(app).get("/").expect(200);
    fake.failure = new Error("analytics answered 500");
    await request(app).get("/").expect(200);
    await request(app).get("/").expect(200);

    expect(await valueOf(metrics, "analytics_requests_total", { outcome: "timeout" })).toBe(1);
    expect(await valueOf(metrics, "analytics_requests_total", { outcome: "error" })).toBe(2);
    expect(await valueOf(metrics, "analytics_requests_total", { outcome: "ok" })).toBeUndefined();
  });

  it("when the store fails, then its errors are counted by store and command", async () => {
    const { metrics } = meteredVotingApp();
    const failing = meteredStore(
      Object.assign(new MemoryVoteStore("mysql"), {
        vote: () => Promise.reject(new Error("connection lost")),
      }),
      metrics,
    );
    await expect(failing.vote("Cats")).rejects.toThrow("connection lost");
    expect(
      await valueOf(metrics, "store_command_errors_total", { store: "mysql", command: "vote" }),
    ).toBe(1);
    expect(
      await valueOf(metrics, "store_command_duration_seconds_count", {
        store: "mysql",
        command: "vote",
      }),
    ).toBe(1);
  });

  it("serves Prometheus' text format, and scrapes are not counted as votes or pages", async () => {
    const { app } = meteredVotingApp();
    await request(app).get("/").expect(200);
    const scrape = await request(app).get("/metrics").expect(200);
    expect(scrape.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/",status_code="200"} 1',
    );
    expect(scrape.text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(scrape.text).toContain('service_info{service="voting-app",version="1.0"} 1');
  });
});
