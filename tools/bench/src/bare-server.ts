// Entry point of the ceiling: the least a Node HTTP server can do per request on this machine.
import { createServer } from "node:http";

const body = Buffer.from("ok\n");
createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1");
