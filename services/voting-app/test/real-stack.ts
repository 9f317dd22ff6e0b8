import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readiness, silentLogger } from "@voting/common";
import { createAnalyticsApp, type AnalyticsVersion } from "@voting/analytics";
import type { VoteStore } from "@voting/storage";
import { HttpAnalyticsClient } from "../src/analytics-client.js";
import { createVotingApp } from "../src/app.js";
import request from "supertest";
import { expect } from "vitest";
import { pageSettings, resultsLine } from "./builders.js";

export interface RealStack {
  /** voting-app, for supertest. */
  app: ReturnType<typeof createVotingApp>;
  /** Headers of every request voting-analytics received. */
  analyticsRequests: IncomingHttpHeaders[];
  stopAnalytics(): Promise<void>;
  close(): Promise<void>;
}

/**
 * voting-app in-process, talking over real HTTP to voting-analytics, both on real stores:
 * the page path of a pod, without the pods.
 */
export async function startRealStack(options: {
  appVersion: "1.0" | "2.0";
  analyticsVersion: AnalyticsVersion;
  openStore: () => VoteStore;
  analyticsTimeoutMs?: number;
}): Promise<RealStack> {
  const appStore = options.openStore();
  const analyticsStore = options.openStore();
  const analyticsApp = createAnalyticsApp({
    version: options.analyticsVersion,
    options: ["Cats", "Dogs"],
    store: analyticsStore,
    readiness: new Readiness(() => analyticsStore.ping()),
    logger: silentLogger(),
  });
  const analyticsRequests: IncomingHttpHeaders[] = [];
  const analyticsServer = await listen(
    createServer((req, res) => {
      analyticsRequests.push(req.headers);
      analyticsApp(req, res);
    }),
  );
  const analytics = new HttpAnalyticsClient(
    `http://127.0.0.1:${(analyticsServer.address() as AddressInfo).port}`,
    options.analyticsTimeoutMs ?? 1000,
  );
  const app = createVotingApp({
    settings: pageSettings({ appVersion: options.appVersion, store: appStore.kind }),
    store: appStore,
    analytics,
    readiness: new Readiness(() => appStore.ping()),
    logger: silentLogger(),
  });
  const stopAnalytics = () => closeServer(analyticsServer);
  return {
    app,
    analyticsRequests,
    stopAnalytics,
    close: async () => {
      await stopAnalytics();
      await Promise.all([analytics.close(), appStore.close(), analyticsStore.close()]);
    },
  };
}

/** A server that accepts connections and never answers: analytics at its slowest. */
export async function startSilentServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = await listen(createServer(() => {}));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  };
}

async function listen(server: Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The store outage a user lives through: one vote counted, the store stopped (votes get a fast
 * 503 saying so, readiness fails), the store back (ready again, votes count, nothing lost, and
 * the refused vote, sent again with its vote_id, counts once however often it is sent).
 */
export async function expectOutageAndRecovery(
  app: RealStack["app"],
  server: { stop(): Promise<void>; restart(): Promise<void> },
  expected: { storeName: string; refusedWithinMs: number; recoveryTimeoutMs: number },
): Promise<void> {
  await request(app).post("/").type("form").send("vote=Cats").expect(302);
  await server.stop();
  const retried = `vote=Cats&vote_id=${randomUUID()}`;
  const before = Date.now();
  const refused = await request(app).post("/").type("form").send(retried).expect(503);
  expect(Date.now() - before).toBeLessThan(expected.refusedWithinMs);
  expect(refused.text).toContain(`vote store (${expected.storeName}) is unavailable`);
  await request(app).get("/readyz").expect(503);
  const degraded = await request(app).get("/").expect(200);
  expect(resultsLine(degraded.text)).toContain("Results are unavailable");

  await server.restart();
  await expect
    .poll(async () => (await request(app).get("/readyz")).status, {
      timeout: expected.recoveryTimeoutMs,
      interval: 100,
    })
    .toBe(200);
  await request(app).post("/").type("form").send("vote=Dogs").expect(302);
  await request(app).post("/").type("form").send(retried).expect(302);
  await request(app).post("/").type("form").send(retried).expect(302);
  const page = await request(app).get("/").expect(200);
  expect(resultsLine(page.text)).toBe(
    '<div id="results"> Cats: 2/3 (67%) | Dogs: 1/3 (33%) </div>',
  );
}

/**
 * Votes with ids through the app on a real store: a repeated id counts once, sent one after the
 * other or 20 at once; other ids each count; votes without an id count every time; bad ids are
 * refused. Returns after checking the page shows exactly that.
 */
export async function expectVoteIdsCountOnce(app: RealStack["app"]): Promise<void> {
  const post = (body: string, headers: Record<string, string> = {}) =>
    request(app).post("/").set(headers).type("form").send(body);
  await post(`vote=reset&vote_id=${randomUUID()}`).expect(302);

  const once = randomUUID();
  await post(`vote=Cats&vote_id=${once}`).expect(302).expect("location", "/");
  await post(`vote=Cats&vote_id=${once}`).expect(302).expect("location", "/");
  await post("vote=Dogs", { "idempotency-key": once }).expect(302);

  const shared = randomUUID();
  const together = await Promise.all(
    Array.from({ length: 20 }, () => post(`vote=Dogs&vote_id=${shared}`)),
  );
  expect(together.map((answer) => answer.status)).toEqual(Array(20).fill(302));

  for (let i = 0; i < 3; i++) await post(`vote=Dogs&vote_id=${randomUUID()}`).expect(302);
  for (let i = 0; i < 2; i++) await post("vote=Cats").expect(302);

  await post(`vote=Cats&vote_id=${"a".repeat(65)}`).expect(400);
  await post("vote=Cats&vote_id=not%20an%20id").expect(400);
  await post("vote=Cats", { "idempotency-key": "a;b" }).expect(400);
  await post(`vote=Cats&vote_id=${randomUUID()}`, { "idempotency-key": randomUUID() }).expect(400);

  const page = await request(app).get("/").expect(200);
  expect(resultsLine(page.text)).toBe(
    '<div id="results"> Cats: 3/7 (43%) | Dogs: 4/7 (57%) </div>',
  );
}
