import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnavailableError } from "@voting/common";
import { findFreePort, startPrivateRedis } from "@voting/devstack";
import { RedisVoteStore } from "../src/redis-store.js";
import { voteStoreContract } from "./vote-store-contract.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const host = process.env.REDIS_HOST ?? "127.0.0.1";
const port = Number(process.env.REDIS_PORT ?? 6379);
const admin = new Redis({ host, port, lazyConnect: true });
let prefix = "";
const opened: RedisVoteStore[] = [];

function open(options: Partial<ConstructorParameters<typeof RedisVoteStore>[0]> = {}) {
  const store = new RedisVoteStore({ host, port, keyPrefix: prefix, ...options });
  opened.push(store);
  return store;
}

beforeEach(() => {
  prefix = `test:${randomUUID()}:`;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
});

afterAll(() => admin.disconnect());

describe("RedisVoteStore on a real Redis", () => {
  voteStoreContract(() => open());

  it("when a vote is cast, then the counter is the Redis key named after the option", async () => {
    await open().vote("Dogs");
    expect(await admin.get(`${prefix}Dogs`)).toBe("1");
  });

  it("when reset, then both counters are set to 0", async () => {
    const store = open();
    await store.vote("Cats");
    await store.reset(["Cats", "Dogs"]);
    expect(await admin.mget(`${prefix}Cats`, `${prefix}Dogs`)).toEqual(["0", "0"]);
  });

  it("when a vote has an id, then the id is a key of its own that lives at least a day", async () => {
    const voteId = randomUUID();
    await open().vote("Cats", { voteId });
    expect((await admin.keys(`${prefix}*`)).sort()).toEqual(
      [`${prefix}Cats`, `${prefix}vote-id:${voteId}`].sort(),
    );
    expect(await admin.pttl(`${prefix}vote-id:${voteId}`)).toBeGreaterThan(86_399_000);
  });

  it("when a reset has an id, then its id lives at least a day too", async () => {
    const voteId = randomUUID();
    await open().reset(["Cats", "Dogs"], { voteId });
    expect(await admin.mget(`${prefix}Cats`, `${prefix}Dogs`)).toEqual(["0", "0"]);
    expect(await admin.pttl(`${prefix}vote-id:${voteId}`)).toBeGreaterThan(86_399_000);
  });

  it("when the id's key has expired, then a vote with that id counts again", async () => {
    const store = open();
    const voteId = randomUUID();
    await store.vote("Cats", { voteId });
    await admin.del(`${prefix}vote-id:${voteId}`);
    await store.vote("Cats", { voteId });
    expect(await store.counts(["Cats", "Dogs"])).toEqual([2, 0]);
  });

  it("when Redis has forgotten the scripts, then votes with ids still count once", async () => {
    const store = open();
    await store.vote("Cats", { voteId: randomUUID() });
    await admin.script("FLUSH");
    const voteId = randomUUID();
    await store.vote("Cats", { voteId });
    await store.vote("Cats", { voteId });
    expect(await store.counts(["Cats", "Dogs"])).toEqual([2, 0]);
  });

  it("when the counter cannot be incremented, then the vote fails and its id is not kept", async () => {
    const store = open();
    const voteId = randomUUID();
    await admin.set(`${prefix}Cats`, "not a number");
    await expect(store.vote("Cats", { voteId })).rejects.toBeInstanceOf(UnavailableError);
    expect(await admin.exists(`${prefix}vote-id:${voteId}`)).toBe(0);
    await admin.set(`${prefix}Cats`, "0");
    await store.vote("Cats", { voteId });
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when nothing listens on the port, then a vote fails fast with UnavailableError", async () => {
    const timeoutMs = 300;
    const store = open({ port: await findFreePort(), timeoutMs });
    const started = Date.now();
    await expect(store.vote("Cats")).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.vote("Cats", { voteId: "a" })).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.ping()).rejects.toThrow(/vote store \(Redis\) is unavailable/);
    // Three calls, none waiting past its deadline (a refused connection fails sooner still).
    expect(Date.now() - started).toBeLessThan(3 * timeoutMs);
  });
});

describe("RedisVoteStore across a Redis restart", () => {
  it("when the server goes away and comes back, then the store reconnects by itself", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "voting-redis-"));
    const server = await startPrivateRedis({ port: await findFreePort(), dataDir });
    try {
      const store = open({ host: server.host, port: server.port, timeoutMs: 500 });
      await store.vote("Cats");
      await server.stop();
      await expect(store.vote("Cats")).rejects.toBeInstanceOf(UnavailableError);
      await server.restart();
      await expect
        .poll(
          () =>
            store.ping().then(
              () => true,
              () => false,
            ),
          { timeout: 5000 },
        )
        .toBe(true);
      await store.vote("Cats");
      expect(await store.counts(["Cats", "Dogs"])).toEqual([2, 0]);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("when the server hangs, then a vote fails within the timeout instead of hanging", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "voting-redis-"));
    const server = await startPrivateRedis({ port: await findFreePort(), dataDir });
    try {
      const timeoutMs = 300;
      const store = open({ host: server.host, port: server.port, timeoutMs });
      await store.ping();
      server.pause();
      await expect(store.vote("Cats")).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/timed out|did not answer in time/) },
      });
      server.resume();
    } finally {
      server.resume();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
