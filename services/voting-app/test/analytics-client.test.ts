import { createServer, type IncomingHttpHeaders, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpAnalyticsClient } from "../src/analytics-client.js";

// Each test's analytics stand-in: a real HTTP server answering as the test tells it.
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function analyticsAnswering(
  listener: RequestListener,
  timeoutMs = 1000,
): Promise<HttpAnalyticsClient> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = new HttpAnalyticsClient(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    timeoutMs,
  );
  cleanups.push(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return client;
}

function answerJson(body: unknown, status = 200): RequestListener {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
}

describe("HttpAnalyticsClient", () => {
  it("when analytics answers, then the results line and version come back, asked with the trace headers", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const client = await analyticsAnswering((req, res) => {
      seen.push(req.headers);
      answerJson({ text: "Cats: 2/3 (67%) | Dogs: 1/3 (33%)", version: "1.1" })(req, res);
    });
    const results = await client.results({ "x-request-id": "abc-1", "x-b3-sampled": "1" });
    expect(results).toEqual({ text: "Cats: 2/3 (67%) | Dogs: 1/3 (33%)", version: "1.1" });
    expect(seen[0]).toMatchObject({
      "x-request-id": "abc-1",
      "x-b3-sampled": "1",
      accept: "application/json",
    });
  });

  it("when the answer comes in many small chunks, then they are put back together", async () => {
    const body = JSON.stringify({ text: "Cats: 1 | Dogs: 0", version: "1.0" });
    const client = await analyticsAnswering((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      let sent = 0;
      const next = (): void => {
        if (sent >= body.length) return void res.end();
        res.write(body.slice(sent, sent + 5));
        sent += 5;
        setImmediate(next);
      };
      next();
    });
    expect(await client.results({})).toEqual({ text: "Cats: 1 | Dogs: 0", version: "1.0" });
  });

  it("when analytics answers 500, then the call rejects naming the status", async () => {
    const client = await analyticsAnswering(answerJson({ error: "boom" }, 500));
    await expect(client.results({})).rejects.toThrow("analytics answered 500");
  });

  it("when analytics answers something that is not JSON, then the call rejects", async () => {
    const client = await analyticsAnswering((_req, res) => res.end("<html>not json</html>"));
    await expect(client.results({})).rejects.toThrow(SyntaxError);
  });

  it("when analytics answers JSON without a results text, then the call rejects", async () => {
    const client = await analyticsAnswering(answerJson({ version: "1.1" }));
    await expect(client.results({})).rejects.toThrow("without a usable results text");
  });

  it("when analytics answers more than 16 KB, then the call rejects instead of reading it all", async () => {
    const client = await analyticsAnswering(answerJson({ text: "x".repeat(20_000), version: "1" }));
    await expect(client.results({})).rejects.toMatchObject({
      code: "UND_ERR_RES_EXCEEDED_MAX_SIZE",
    });
  });

  it("when analytics never answers, then every call rejects at the deadline, and queued ones are never sent", async () => {
    let received = 0;
    const client = await analyticsAnswering(() => void (received += 1), 300);
    // Far more calls than the pool's 64 connections: most wait in the pool's queue.
    const calls = Array.from({ length: 200 }, () => client.results({}));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason?.message)).toEqual(
      calls.map(() => "analytics did not answer within 300 ms"),
    );
    // Once the pool is closed, no request it held can still go out: the server has seen every
    // request it will ever see. Those given up on in the queue were dropped, not sent once a
    // connection freed up (at most the pool's width can start in the moment the first time out).
    await client.close();
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(2 * 64);
  });

  it("when one call timed out, then the next call on the same client still gets its answer", async () => {
    let calls = 0;
    const client = await analyticsAnswering((req, res) => {
      calls += 1;
      if (calls === 1) return; // the first request hangs
      answerJson({ text: "Cats: 0 | Dogs: 0", version: "1.0" })(req, res);
    }, 200);
    await expect(client.results({})).rejects.toThrow("did not answer within 200 ms");
    expect(await client.results({})).toEqual({ text: "Cats: 0 | Dogs: 0", version: "1.0" });
  });
});
