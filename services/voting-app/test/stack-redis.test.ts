import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import request from "supertest";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { findFreePort, startPrivateRedis } from "@voting/devstack";
import { Readiness, silentLogger } from "@voting/common";
import { RedisVoteStore } from "@voting/storage";
import { HttpAnalyticsClient } from "../src/analytics-client.js";
import { createVotingApp } from "../src/app.js";
import { pageSettings, resultsLine } from "./builders.js";
import {
  expectOutageAndRecovery,
  expectVoteIdsCountOnce,
  startRealStack,
  startSilentServer,
  type RealStack,
} from "./real-stack.js";

const host = process.env.REDIS_HOST ?? "127.0.0.1";
const port = Number(process.env.REDIS_PORT ?? 6379);
const prefix = `test:${randomUUID()}:`;
const admin = new Redis({ host, port, lazyConnect: true });
const stacks: RealStack[] = [];

async function stack(analyticsVersion: "1.0" | "1.1") {
  const started = await startRealStack({
    appVersion: "1.0",
    analyticsVersion,
    openStore: () => new RedisVoteStore({ host, port, keyPrefix: prefix }),
  });
  stacks.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.close()));
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
});

afterAll(() => admin.disconnect());

describe("app 1.0 and analytics on a real Redis", () => {
  it("when votes are posted, then the page's results line shows them (analytics 1.1)", async () => {
    const { app } = await stack("1.1");
    await request(app).post("/").type("form").send("vote=Cats").expect(302).expect("location", "/");
    for (let i = 0; i < 2; i++)
      await request(app).post("/").type("form").send("vote=Dogs").expect(302);
    const page = await request(app).get("/").expect(200);
    expect(resultsLine(page.text)).toBe(
      '<div id="results"> Cats: 1/3 (33%) | Dogs: 2/3 (67%) </div>',
    );
    expect(page.text).toContain('data-app-version="1.0" data-analytics-version="1.1"');
    expect(await admin.mget(`${prefix}Cats`, `${prefix}Dogs`)).toEqual(["1", "2"]);
  });

  it("when analytics is 1.0, then the results line is counts only", async () => {
    const { app } = await stack("1.0");
    await request(app).post("/").type("form").send("vote=Dogs").expect(302);
    const page = await request(app).get("/").expect(200);
    expect(resultsLine(page.text)).toBe('<div id="results"> Cats: 0 | Dogs: 1 </div>');
  });

  it("when reset is posted, then the page reads 0/0 (0%) for both", async () => {
    const { app } = await stack("1.1");
    await request(app).post("/").type("form").send("vote=Cats").expect(302);
    await request(app).post("/").type("form").send("vote=reset").expect(302);
    const page = await request(app).get("/").expect(200);
    expect(resultsLine(page.text)).toBe(
      '<div id="results"> Cats: 0/0 (0%) | Dogs: 0/0 (0%) </div>',
    );
  });

  it("when a bad vote is posted, then nothing at all is written to Redis", async () => {
    const { app } = await stack("1.1");
    await request(app).post("/").type("form").send("vote=Birds").expect(400);
    await request(app).post("/").type("form").send("vote=Birds&vote_id=abc").expect(400);
    await request(app).post("/").type("form").send("vote=Cats&vote_id=a.b").expect(400);
    expect(await admin.keys(`${prefix}*`)).toEqual([]);
  });

  it("when votes carry ids, then a repeated id counts once, even 20 at once, and votes without one count each time", async () => {
    const { app } = await stack("1.1");
    await expectVoteIdsCountOnce(app);
    expect(await admin.mget(`${prefix}Cats`, `${prefix}Dogs`)).toEqual(["3", "4"]);
    const idKeys = await admin.keys(`${prefix}vote-id:*`);
    expect(idKeys).toHaveLength(6);
    for (const key of idKeys) expect(await admin.pttl(key)).toBeGreaterThan(86_390_000);
  });

  it("when the page is fetched with tracing headers, then they reach analytics", async () => {
    const { app, analyticsRequests } = await stack("1.1");
    await request(app)
      .get("/")
      .set("x-request-id", "trace-me-1")
      .set("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124")
      .set("x-b3-spanid", "a2fb4a1d1a96d312")
      .set("x-b3-sampled", "1")
      .set("b3", "463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-1")
      .expect(200);
    expect(analyticsRequests.at(-1)).toMatchObject({
      "x-request-id": "trace-me-1",
      "x-b3-traceid": "463ac35c9f6413ad48485a3953bb6124",
      "x-b3-spanid": "a2fb4a1d1a96d312",
      "x-b3-sampled": "1",
      b3: "463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-1",
    });
  });

  it("when analytics goes down, then the page still renders, fast, saying results are unavailable", async () => {
    const { app, stopAnalytics } = await stack("1.1");
    await stopAnalytics();
    const started = Date.now();
    const page = await request(app).get("/").expect(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(resultsLine(page.text)).toBe(
      '<div id="results"> Results are unavailable right now </div>',
    );
    await request(app).post("/").type("form").send("vote=Cats").expect(302);
  });
});

describe("app 1.0 with analytics that never answers", () => {
  it("when analytics hangs, then the page renders within the analytics timeout", async () => {
    const silent = await startSilentServer();
    const store = new RedisVoteStore({ host, port, keyPrefix: prefix });
    const analyticsTimeoutMs = 300;
    const analytics = new HttpAnalyticsClient(silent.origin, analyticsTimeoutMs);
    const app = createVotingApp({
      settings: pageSettings(),
      store,
      analytics,
      readiness: new Readiness(() => store.ping()),
      logger: silentLogger(),
    });
    try {
      const started = Date.now();
      const page = await request(app).get("/").expect(200);
      expect(Date.now() - started).toBeLessThan(3 * analyticsTimeoutMs);
      expect(resultsLine(page.text)).toContain("Results are unavailable");
    } finally {
      await Promise.all([analytics.close(), store.close(), silent.close()]);
    }
  });
});

describe("app 1.0 across a Redis outage", () => {
  it("when Redis stops, then votes get a fast 503 and readiness fails; when it is back, both recover", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "voting-redis-"));
    const server = await startPrivateRedis({ port: await findFreePort(), dataDir });
    const started = await startRealStack({
      appVersion: "1.0",
      analyticsVersion: "1.1",
      openStore: () => new RedisVoteStore({ host: server.host, port: server.port, timeoutMs: 500 }),
    });
    stacks.push(started);
    const { app } = started;
    try {
      await expectOutageAndRecovery(app, server, {
        storeName: "Redis",
        refusedWithinMs: 1000,
        recoveryTimeoutMs: 5000,
      });
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
