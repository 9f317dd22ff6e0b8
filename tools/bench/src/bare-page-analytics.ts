// Entry point of the bare page's analytics hop: a plain Node HTTP server that reads the two
// counters with ioredis, as voting-storage does (one MGET, auto-pipelined), and answers them as
// JSON. No framework, no logging, no validation: the least that hop costs.
// First, before any library loads, as voting-analytics does.
import "@voting/common/heap-growth-limited";
import { createServer } from "@voting/common/node-http";
import { Redis } from "ioredis";
import { OPTIONS } from "./options.js";

const redis = new Redis({
  host: process.env.REDIS_HOST,
  port: Number(process.env.REDIS_PORT),
  enableAutoPipelining: true,
});

createServer((_req, res) => {
  redis.mget(...OPTIONS).then(
    ([first, second]) => {
      const text = `${OPTIONS[0]}: ${first ?? 0} | ${OPTIONS[1]}: ${second ?? 0}`;
      // Set, not written: Node then sends the length instead of chunks.
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.end(JSON.stringify({ text, version: "bare" }));
    },
    (error: unknown) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end(String(error));
    },
  );
}).listen(Number(process.env.PORT), "127.0.0.1");
