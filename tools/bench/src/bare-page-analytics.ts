// Entry point of the bare page's analytics hop: a plain Node HTTP server that reads the two counts
// as voting-storage does (Redis: one MGET, auto-pipelined, with ioredis; MySQL: one SELECT on the
// totals table through a mysql2 pool) and answers them as JSON. No framework, no logging, no
// validation: the least that hop costs.
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { createPool, type RowDataPacket } from "mysql2/promise";
import { OPTIONS } from "./options.js";

const counts = process.env.BARE_STORE === "mysql" ? mysqlCounts() : redisCounts();

createServer((_req, res) => {
  counts().then(
    ([first, second]) => {
      const text = `${OPTIONS[0]}: ${first} | ${OPTIONS[1]}: ${second}`;
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

function redisCounts(): () => Promise<number[]> {
  const redis = new Redis({
    host: process.env.REDIS_HOST,
    port: Number(process.env.REDIS_PORT),
    enableAutoPipelining: true,
  });
  return async () => (await redis.mget(...OPTIONS)).map((value) => Number(value ?? 0));
}

function mysqlCounts(): () => Promise<number[]> {
  const pool = createPool({
    host: process.env.MYSQL_HOST,
    port: Number(process.env.MYSQL_PORT),
    user: process.env.MYSQL_USER,
    password: process.env.MYSQL_PASSWORD,
    database: process.env.MYSQL_DATABASE,
    connectionLimit: 10,
  });
  return async () => {
    const [rows] = await pool.query<RowDataPacket[]>(
      "SELECT votevalue, votes FROM azurevote_totals WHERE votevalue IN (?, ?)",
      [...OPTIONS],
    );
    const byValue = new Map(rows.map((row) => [row.votevalue as string, Number(row.votes)]));
    return OPTIONS.map((option) => byValue.get(option) ?? 0);
  };
}
