// Entry point of the bare page's front hop: a plain Node HTTP server that asks the bare analytics
// for the results over a pool of keep-alive connections with undici, as voting-app does, and
// answers a page of about the real page's size. No framework, no logging, no deadline, no
// template: the least that hop costs.
// First, before any library loads, as voting-app does.
import "@voting/common/heap-growth-limited";
import "@voting/app/wasm-baseline-only";
import type { ServerResponse } from "node:http";
import { createServer } from "@voting/common/node-http";
import { Pool } from "undici";
import { barePage } from "./bare-page-html.js";

// The same pool as voting-app's analytics client.
const analytics = new Pool(process.env.ANALYTICS_URL!, {
  connections: 64,
  keepAliveTimeout: 30_000,
});

createServer((_req, res) => {
  let status = 0;
  const chunks: Buffer[] = [];
  analytics.dispatch(
    { path: "/analytics", method: "GET", headers: { accept: "application/json" } },
    {
      onRequestStart: () => {},
      onResponseStart: (_controller, statusCode) => {
        status = statusCode;
      },
      onResponseData: (_controller, chunk) => {
        chunks.push(chunk);
      },
      onResponseEnd: () => {
        if (status !== 200) return fail(res, `analytics answered ${status}`);
        const { text } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text: string };
        // Set, not written: Node then sends the length instead of chunks.
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end(barePage(text));
      },
      onResponseError: (_controller, error) => fail(res, String(error)),
    },
  );
}).listen(Number(process.env.PORT), "127.0.0.1");

function fail(res: ServerResponse, why: string): void {
  res.writeHead(502, { "content-type": "text/plain" });
  res.end(why);
}
