import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readiness, type RunningServer, serve, silentLogger } from "@voting/common";
import { MemoryVoteStore } from "@voting/storage/testing";
import { createAnalyticsApp } from "../src/app.js";

// Through serve(), as the process runs it: the answer headers and refusals every service shares
// are added there, before the app.
describe("voting-analytics as served", () => {
  const store = new MemoryVoteStore("redis");
  let running: RunningServer;

  beforeAll(async () => {
    const readiness = new Readiness(() => store.ping());
    const app = createAnalyticsApp({
      version: "1.1",
      options: ["Cats", "Dogs"],
      store,
      readiness,
      logger: silentLogger(),
    });
    running = await serve({
      app,
      port: 0,
      host: "127.0.0.1",
      logger: silentLogger(),
      readiness,
      closeClients: async () => {},
    });
  });

  afterAll(async () => {
    await running.shutdown("test");
  });

  it("when answers are JSON, 404, 503 or probes, then each carries nosniff", async () => {
    const statuses: [number, string | null][] = [];
    for (const path of ["/analytics", "/nowhere", "/healthz", "/readyz"]) {
      const response = await fetch(`${running.url}${path}`);
      await response.body?.cancel();
      statuses.push([response.status, response.headers.get("x-content-type-options")]);
    }
    store.down = true;
    try {
      const response = await fetch(`${running.url}/analytics`);
      await response.body?.cancel();
      statuses.push([response.status, response.headers.get("x-content-type-options")]);
    } finally {
      store.down = false;
    }
    expect(statuses).toEqual([
      [200, "nosniff"],
      [404, "nosniff"],
      [200, "nosniff"],
      [200, "nosniff"],
      [503, "nosniff"],
    ]);
  });

  it("when a request has two Host headers, then it is answered 400", async () => {
    const socket = connect({ host: "127.0.0.1", port: Number(new URL(running.url).port) });
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.write(
      "GET /analytics HTTP/1.1\r\nHost: voting-analytics\r\nHost: elsewhere\r\nConnection: close\r\n\r\n",
    );
    await once(socket, "close");
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text.toLowerCase()).toContain("x-content-type-options: nosniff");
  });
});
