import type { IncomingMessage, ServerResponse } from "node:http";
import type { Command, CommandOutput } from "./kubectl/command.js";

const VERBS = new Set(["apply", "delete", "get", "logs", "label"]);
const MAX_BODY = 16 * 1024 * 1024;

/**
 * The control endpoint the command line talks to. It takes JSON only, so a web page cannot
 * post to it from a browser without a CORS preflight, which it never answers.
 */
export function createControlHandler(run: (command: Command) => CommandOutput) {
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET" && req.url === "/healthz") return answer(res, 200, { status: "ok" });
    if (req.method !== "POST" || req.url !== "/v1/commands")
      return answer(res, 404, { error: "not found" });
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
      return answer(res, 415, { error: "send the command as application/json" });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        answer(res, 413, { error: "the command is too large" });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      let command: Command;
      try {
        command = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Command;
      } catch {
        return answer(res, 400, { error: "the command is not JSON" });
      }
      if (typeof command !== "object" || command === null || !VERBS.has(command.verb)) {
        return answer(res, 400, { error: "not a command the playground knows" });
      }
      answer(res, 200, run(command));
    });
  };
}
