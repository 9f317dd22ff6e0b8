import request from "supertest";
import { describe, expect, it } from "vitest";
import { Readiness, silentLogger } from "@voting/common";
import { MemoryVoteStore } from "@voting/storage/testing";
import { createAnalyticsApp } from "../src/app.js";
import type { AnalyticsVersion } from "../src/versions.js";

function buildAnalytics(version: AnalyticsVersion, options: [string, string] = ["Cats", "Dogs"]) {
  const store = new MemoryVoteStore(version === "2.0" ? "mysql" : "redis");
  const readiness = new Readiness(() => store.ping());
  const app = createAnalyticsApp({ version, options, store, readiness, logger: silentLogger() });
  return { app, store, readiness };
}

async function castVotes(store: MemoryVoteStore, cats: number, dogs: number) {
  for (let i = 0; i < cats; i++) await store.vote("Cats");
  for (let i = 0; i < dogs; i++) await store.vote("Dogs");
}

describe("voting-analytics GET /analytics", () => {
  it("when the version is 1.0, then the text is counts only", async () => {
    const { app, store } = buildAnalytics("1.0");
    await castVotes(store, 2, 4);
    const response = await request(app)
      .get("/analytics")
      .expect(200)
      .expect("content-type", /json/);
    expect(response.body).toEqual({
      category1: { name: "Cats", count: 2 },
      category2: { name: "Dogs", count: 4 },
      text: "Cats: 2 | Dogs: 4",
      version: "1.0",
      store: "redis",
    });
  });

  it.each(["1.1", "2.0"] as const)(
    "when the version is %s, then the text has totals and percentages",
    async (version) => {
      const { app, store } = buildAnalytics(version);
      await castVotes(store, 2, 4);
      const response = await request(app).get("/analytics").expect(200);
      expect(response.body.text).toBe("Cats: 2/6 (33%) | Dogs: 4/6 (67%)");
      expect(response.body.version).toBe(version);
    },
  );

  it("when the JSON is serialised, then its first keys are in the original sample's order", async () => {
    const { app, store } = buildAnalytics("1.1");
    await castVotes(store, 2, 4);
    const response = await request(app).get("/analytics").expect(200);
    expect(response.text).toMatch(
      /^\{"category1":\{"name":"Cats","count":2\},"category2":\{"name":"Dogs","count":4\},"text":"Cats: 2\/6 \(33%\) \| Dogs: 4\/6 \(67%\)"/,
    );
  });

  it("when the store is down, then the answer is a JSON 503, not a crash", async () => {
    const { app, store } = buildAnalytics("1.1");
    store.down = true;
    const response = await request(app).get("/analytics").expect(503);
    expect(response.body.error).toMatch(/unavailable/);
    await request(app).get("/readyz").expect(503);
    await request(app).get("/healthz").expect(200);
  });

  it("when an unknown path is asked for, then the answer is a JSON 404", async () => {
    const { app } = buildAnalytics("1.0");
    const response = await request(app).get("/analytics/../etc").expect(404);
    expect(response.body.status).toBe(404);
  });
});

describe("voting-analytics GET /metrics", () => {
  it("when results are asked for, then each request is counted under its route pattern", async () => {
    const { app } = buildAnalytics("1.1");
    await request(app).get("/analytics").expect(200);
    await request(app).get("/analytics").expect(200);
    await request(app).get("/analytics/../../etc").expect(404);
    const scrape = await request(app).get("/metrics").expect(200);
    expect(scrape.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/analytics",status_code="200"} 2',
    );
    expect(scrape.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(scrape.text).toContain('service_info{service="voting-analytics",version="1.1"} 1');
  });
});
