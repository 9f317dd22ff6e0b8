// Entry point of the bare page's front hop: a plain Node HTTP server that asks the bare analytics
// for the results over a pool of keep-alive connections with undici, as voting-app does, and
// answers a page of about the real page's size. No framework, no logging, no deadline, no
// template: the least that hop costs.
import { createServer, type ServerResponse } from "node:http";
import { Pool } from "undici";
import { barePage } from "./bare-page-html.js";

// The same pool as voting-app's analytics client, through the same public request().
const analytics = new Pool(process.env.ANALYTICS_URL!, {
  connections: 64,
  keepAliveTimeout: 30_000,
});
const store = process.env.BARE_STORE === "mysql" ? "mysql" : "redis";

createServer((_req, res) => {
  analytics
    .request({ path: "/analytics", method: "GET", headers: { accept: "application/json" } })
    .then(async ({ statusCode, body }) => {
      if (statusCode !== 200) {
        await body.dump();
        return fail(res, `analytics answered ${statusCode}`);
      }
      const { text } = (await body.json()) as { text: string };
      // Set, not written: Node then sends the length instead of chunks.
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(barePage(text, store));
    })
    .catch((error: unknown) => fail(res, String(error)));
}).listen(Number(process.env.PORT), "127.0.0.1");

function fail(res: ServerResponse, why: string): void {
  res.writeHead(502, { "content-type": "text/plain" });
  res.end(why);
}
