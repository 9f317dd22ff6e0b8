import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, probeRedis, startPrivateRedis, type StoreHandle } from "../src/index.js";
import { processExists, tempDir } from "./helpers.js";

describe("a private Redis", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let redis: StoreHandle;
  let client: Redis;

  beforeAll(async () => {
    dir = await tempDir("redis");
    redis = await startPrivateRedis({ port: await findFreePort(), dataDir: dir.path });
    client = new Redis({
      host: redis.host,
      port: redis.port,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
      retryStrategy: () => 100,
    });
  });

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
    await dir?.remove();
  });

  it("when started, then it answers on loopback and keeps what is SET", async () => {
    expect(redis.host).toBe("127.0.0.1");
    expect(await probeRedis(redis)).toBe(true);
    await client.set("greeting", "hello");
    expect(await client.get("greeting")).toBe("hello");
  });

  it("when paused, then a command times out; when resumed, then commands work again", async () => {
    redis.pause();
    try {
      await expect(client.get("greeting")).rejects.toThrow(/timed out/i);
      expect(await probeRedis(redis)).toBe(false);
    } finally {
      redis.resume();
    }
    await expect.poll(() => client.get("greeting"), { timeout: 5000 }).toBe("hello");
  });

  it("when stopped, then probes fail; when restarted, then the same port has the same data", async () => {
    const firstPid = redis.pid;
    await redis.stop();
    expect(processExists(firstPid)).toBe(false);
    expect(await probeRedis(redis)).toBe(false);

    await redis.restart();
    expect(redis.pid).not.toBe(firstPid);
    expect(await probeRedis(redis)).toBe(true);
    await expect.poll(() => client.get("greeting"), { timeout: 5000 }).toBe("hello");
  });

  it("when killed, then it is gone at once; when restarted, then it answers again", async () => {
    const pid = redis.pid;
    await redis.kill();
    expect(processExists(pid)).toBe(false);
    expect(await probeRedis(redis)).toBe(false);
    await redis.restart();
    expect(await probeRedis(redis)).toBe(true);
  });
});

describe("starting a private Redis", () => {
  it("when the port is taken, then it fails saying so", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const { port } = blocker.address() as { port: number };
    const dir = await tempDir("redis-taken");
    try {
      await expect(startPrivateRedis({ port, dataDir: dir.path })).rejects.toThrow(
        `Cannot start redis-server on 127.0.0.1:${port}: the port is already in use.`,
      );
    } finally {
      blocker.close();
      await dir.remove();
    }
  });

  it("when redis-server is not installed, then the error says how to install it", async () => {
    await expect(
      startPrivateRedis({ port: 1, dataDir: "/nonexistent", findBinary: () => undefined }),
    ).rejects.toThrow("sudo apt-get install redis-server");
  });
});
