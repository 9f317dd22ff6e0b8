import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type RequestListener } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  errorHandler,
  HTTP_DEADLINES,
  type HttpDeadlines,
  notFound,
  Readiness,
  type RunningServer,
  serve,
  silentLogger,
  stalledClientBoundMs,
  UnavailableError,
} from "../src/index.js";

interface RawReply {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** From the first byte written to the server closing the connection. */
  ms: number;
}

/** Writes `bytes` on a fresh connection and reads until the server closes it. */
async function rawExchange(url: string, bytes: string): Promise<RawReply> {
  const { port } = new URL(url);
  const socket = connect({ host: "127.0.0.1", port: Number(port) });
  await once(socket, "connect");
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
  socket.on("error", () => {});
  const started = performance.now();
  socket.write(bytes);
  await once(socket, "close");
  return { text, ms: performance.now() - started };
}

const statusOf = (reply: RawReply) => /^HTTP\/1\.1 (\d{3})/.exec(reply.text)?.[1] ?? "none";

function start(app: RequestListener, deadlines?: HttpDeadlines): Promise<RunningServer> {
  return serve({
    app,
    port: 0,
    host: "127.0.0.1",
    logger: silentLogger(),
    readiness: new Readiness(async () => {}),
    closeClients: async () => {},
    ...(deadlines ? { deadlines } : {}),
  });
}

describe("duplicate Host headers", () => {
  it("when Node alone gets two Host headers, then it keeps the first and drops the other (why serve() counts them)", async () => {
    const server = createServer((req, res) => res.end(String(req.headers.host)));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const reply = await rawExchange(
        url,
        "GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n",
      );
      expect(statusOf(reply)).toBe("200");
      expect(reply.text.endsWith("\r\n\r\na.example")).toBe(true);
    } finally {
      server.close();
    }
  });

  it("when a request carries two Host headers, in any case, then it gets a 400 and the app never sees it", async () => {
    const seen: string[] = [];
    const running = await start((req, res) => {
      seen.push(req.url ?? "");
      res.end("ok");
    });
    try {
      for (const second of ["Host: b.example", "host: a.example", "HOST: a.example"]) {
        const reply = await rawExchange(
          running.url,
          `GET /twice HTTP/1.1\r\nHost: a.example\r\n${second}\r\nConnection: keep-alive\r\n\r\n`,
        );
        expect(statusOf(reply)).toBe("400");
        expect(reply.text.toLowerCase()).toContain("x-content-type-options: nosniff");
        expect(reply.text).toContain("more than one Host header");
      }
      const single = await rawExchange(
        running.url,
        "GET /once HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\n\r\n",
      );
      expect(statusOf(single)).toBe("200");
      expect(seen).toEqual(["/once"]);
    } finally {
      await running.shutdown("test");
    }
  });
});

describe("X-Content-Type-Options", () => {
  let running: RunningServer;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), "voting-common-static-"));
    await writeFile(join(staticDir, "site.css"), "body { color: black }\n");
    const app = express();
    app.use("/static", express.static(staticDir, { index: false, redirect: false }));
    app.use(express.json({ limit: 100 }));
    app.get("/json", (_req, res) => void res.json({ ok: true }));
    app.post("/json", (_req, res) => void res.json({ ok: true }));
    app.get("/down", () => {
      throw new UnavailableError("The store");
    });
    app.use(notFound);
    app.use(errorHandler((res, status, message) => res.json({ error: message, status })));
    running = await start(app);
  });

  afterAll(async () => {
    await running.shutdown("test");
    await rm(staticDir, { recursive: true, force: true });
  });

  it("when any answer is sent (JSON, static file, 404, 413, 503), then it carries nosniff", async () => {
    const answers = await Promise.all([
      fetch(`${running.url}/json`),
      fetch(`${running.url}/static/site.css`),
      fetch(`${running.url}/static/missing.css`),
      fetch(`${running.url}/nowhere`),
      fetch(`${running.url}/json`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ big: "x".repeat(200) }),
      }),
      fetch(`${running.url}/down`),
    ]);
    for (const answer of answers) await answer.body?.cancel();
    expect(answers.map((a) => [a.status, a.headers.get("x-content-type-options")])).toEqual([
      [200, "nosniff"],
      [200, "nosniff"],
      [404, "nosniff"],
      [404, "nosniff"],
      [413, "nosniff"],
      [503, "nosniff"],
    ]);
  });
});

describe("deadlines for slow clients", () => {
  // Short deadlines, so that each case takes a second; the real ones are checked below.
  const short: HttpDeadlines = {
    headersTimeout: 300,
    requestTimeout: 600,
    connectionsCheckingInterval: 100,
    keepAliveTimeout: 5000,
  };
  // Scheduling on a busy machine, over and above the deadline itself.
  const slackMs = 500;
  let running: RunningServer;
  const bodies: string[] = [];

  beforeAll(async () => {
    running = await start((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("latin1")));
      req.on("end", () => {
        bodies.push(body);
        res.end("ok");
      });
    }, short);
  });

  afterAll(async () => {
    await running.shutdown("test");
  });

  it("when a client stops in the middle of its headers, then it gets a 408 and is closed within the headers deadline", async () => {
    const reply = await rawExchange(running.url, "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ");
    expect(statusOf(reply)).toBe("408");
    expect(reply.ms).toBeGreaterThanOrEqual(short.headersTimeout - 50);
    expect(reply.ms).toBeLessThan(
      short.headersTimeout + short.connectionsCheckingInterval + slackMs,
    );
  });

  it("when a client connects and sends nothing, then it is answered 408 within the headers deadline", async () => {
    const reply = await rawExchange(running.url, "");
    expect(statusOf(reply)).toBe("408");
    expect(reply.ms).toBeLessThan(
      short.headersTimeout + short.connectionsCheckingInterval + slackMs,
    );
  });

  it("when a body stops short of its Content-Length, then the request gets a 408 within the request deadline, unanswered by the app", async () => {
    const before = bodies.length;
    const reply = await rawExchange(
      running.url,
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nvote=Ca",
    );
    expect(statusOf(reply)).toBe("408");
    expect(reply.ms).toBeGreaterThanOrEqual(short.requestTimeout - 50);
    expect(reply.ms).toBeLessThan(stalledClientBoundMs(short) + slackMs);
    expect(bodies.length).toBe(before);
  });

  it("when a keep-alive connection idles past the headers and request deadlines, then its next request is still answered", async () => {
    const { port } = new URL(running.url);
    const socket = connect({ host: "127.0.0.1", port: Number(port) });
    socket.on("error", () => {});
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    const answers = () => text.split("HTTP/1.1 200 OK").length - 1;
    const request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    socket.write(request);
    await expect.poll(answers).toBe(1);
    // Idle for longer than a stalled client is allowed to hold a request.
    await new Promise((resolve) => setTimeout(resolve, stalledClientBoundMs(short) + slackMs));
    expect(socket.destroyed).toBe(false);
    socket.write(request);
    await expect.poll(answers).toBe(2);
    socket.destroy();
  });
});

describe("the deadlines the services run with", () => {
  it("when a client stalls, then it is cut within 10 s, and idle keep-alive outlasts a 60 s proxy idle timeout", () => {
    expect(stalledClientBoundMs(HTTP_DEADLINES)).toBeLessThanOrEqual(10_000);
    expect(HTTP_DEADLINES.keepAliveTimeout).toBeGreaterThan(60_000);
  });

  it("when serve() starts a server without deadlines of its own, then Node runs with the services' deadlines", async () => {
    const running = await start((_req, res) => res.end("ok"));
    try {
      const { headersTimeout, requestTimeout, keepAliveTimeout } = running.server;
      expect({ headersTimeout, requestTimeout, keepAliveTimeout }).toEqual({
        headersTimeout: HTTP_DEADLINES.headersTimeout,
        requestTimeout: HTTP_DEADLINES.requestTimeout,
        keepAliveTimeout: HTTP_DEADLINES.keepAliveTimeout,
      });
    } finally {
      await running.shutdown("test");
    }
  });
});
