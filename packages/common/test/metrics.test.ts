import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { sample } from "@voting/devstack/metrics-text";
import { errorHandler, HttpError } from "../src/index.js";
import { createServiceMetrics, type ServiceMetrics } from "../src/metrics.js";

/** An app with the metrics middleware in front of a route, a mounted router and static files. */
function meteredApp(
  metrics: ServiceMetrics = createServiceMetrics({ service: "t", version: "1" }),
) {
  const app = express();
  app.use(metrics.httpMetrics);
  app.get("/metrics", metrics.metricsHandler);
  app.get("/votes/:option", (req, res) => void res.send(req.params.option));
  const api = express.Router();
  api.get("/items/:id", (req, res) => void res.json({ id: req.params.id }));
  app.use("/api", api);
  app.get("/broken", () => {
    throw new HttpError(503, "The store is down.");
  });
  app.use("/static", (_req, res) => void res.send("a file"));
  app.use((_req, res) => void res.status(404).send("Not found"));
  app.use(errorHandler((res, status, message) => void res.json({ status, message })));
  return { app, metrics };
}

async function scrape(app: express.Express): Promise<string> {
  const response = await request(app).get("/metrics").expect(200);
  expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  return response.text;
}

describe("createServiceMetrics", () => {
  it("when requests are answered, then each is counted once under its route pattern and status", async () => {
    const { app } = meteredApp();
    await request(app).get("/votes/Cats").expect(200);
    await request(app).get("/votes/Dogs").expect(200);
    await request(app).get("/api/items/7").expect(200);
    await request(app).get("/broken").expect(503);
    await request(app).post("/votes/Cats").expect(404);
    await request(app).get("/no/such/page").expect(404);
    await request(app).get("/static/app.css").expect(200);

    const text = await scrape(app);
    const count = (method: string, route: string, status: string) =>
      sample(text, "http_request_duration_seconds_count", {
        method,
        route,
        status_code: status,
      });
    expect(count("GET", "/votes/:option", "200")).toBe(2);
    expect(count("GET", "/api/items/:id", "200")).toBe(1);
    expect(count("GET", "/broken", "503")).toBe(1);
    expect(count("POST", "unmatched", "404")).toBe(1);
    expect(count("GET", "unmatched", "404")).toBe(1);
    expect(count("GET", "/static/*", "200")).toBe(1);
    // The raw paths never become labels.
    expect(text).not.toContain("Cats");
    expect(text).not.toContain("/no/such/page");
    expect(text).not.toContain('route="/api/items/7"');
  });

  it("when scraped, then the default process metrics and the service's info are there", async () => {
    const { app } = meteredApp(createServiceMetrics({ service: "voting-app", version: "2.0" }));
    const text = await scrape(app);
    expect(sample(text, "service_info", { service: "voting-app", version: "2.0" })).toBe(1);
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    expect(text).toContain("# TYPE http_request_duration_seconds histogram");
  });

  it("when two services share a process, then neither sees the other's requests", async () => {
    const first = meteredApp();
    const second = meteredApp();
    await request(first.app).get("/votes/Cats").expect(200);
    const text = await second.metrics.registry.metrics();
    const labels = { method: "GET", route: "/votes/:option", status_code: "200" };
    expect(sample(text, "http_request_duration_seconds_count", labels)).toBeUndefined();
  });

  it("when store commands succeed and fail, then each is timed and failures are counted", async () => {
    const metrics = createServiceMetrics({ service: "voting-app", version: "1.0" });
    await expect(metrics.timeStoreCommand("redis", "increment", async () => 3)).resolves.toBe(3);
    await metrics.timeStoreCommand("redis", "counts", async () => ({}));
    const down = new Error("connection refused");
    await expect(
      metrics.timeStoreCommand("mysql", "increment", () => Promise.reject(down)),
    ).rejects.toBe(down);

    const text = await metrics.registry.metrics();
    const timed = (store: string, command: string) =>
      sample(text, "store_command_duration_seconds_count", { store, command });
    expect(timed("redis", "increment")).toBe(1);
    expect(timed("redis", "counts")).toBe(1);
    expect(timed("mysql", "increment")).toBe(1);
    const errors = (store: string, command: string) =>
      sample(text, "store_command_errors_total", { store, command });
    expect(errors("mysql", "increment")).toBe(1);
    expect(errors("redis", "increment")).toBeUndefined();
  });

  it("when analytics answers, fails or times out, then each outcome is counted and timed", async () => {
    const metrics = createServiceMetrics({ service: "voting-app", version: "1.0" });
    const isTimeout = (error: unknown) =>
      error instanceof Error && error.message.includes("within");
    await metrics.timeAnalyticsCall(async () => "Cats: 1", isTimeout);
    await metrics.timeAnalyticsCall(async () => "Cats: 2", isTimeout);
    await expect(
      metrics.timeAnalyticsCall(() => Promise.reject(new Error("answered 500")), isTimeout),
    ).rejects.toThrow("answered 500");
    await expect(
      metrics.timeAnalyticsCall(
        () => Promise.reject(new Error("did not answer within 2000 ms")),
        isTimeout,
      ),
    ).rejects.toThrow("within");
    metrics.recordAnalyticsCall("timeout", 2);

    const text = await metrics.registry.metrics();
    expect(sample(text, "analytics_requests_total", { outcome: "ok" })).toBe(2);
    expect(sample(text, "analytics_requests_total", { outcome: "error" })).toBe(1);
    expect(sample(text, "analytics_requests_total", { outcome: "timeout" })).toBe(2);
    const timedOut = { outcome: "timeout" };
    expect(sample(text, "analytics_request_duration_seconds_count", timedOut)).toBe(2);
    expect(sample(text, "analytics_request_duration_seconds_sum", timedOut)).toBeGreaterThan(2);
    expect(
      sample(text, "analytics_request_duration_seconds_bucket", { ...timedOut, le: "1" }),
    ).toBe(1);
  });

  it("when votes are counted, then each option has its own count", async () => {
    const metrics = createServiceMetrics({ service: "voting-app", version: "1.0" });
    metrics.countVote("Cats");
    metrics.countVote("Cats");
    metrics.countVote("Dogs");
    const text = await metrics.registry.metrics();
    expect(sample(text, "votes_total", { option: "Cats" })).toBe(2);
    expect(sample(text, "votes_total", { option: "Dogs" })).toBe(1);
  });
});
