import { connect } from "node:net";
import { now } from "../load/clock.js";

/** A request written byte for byte, so it can be as broken as an attacker likes. */
export interface RawRequest {
  method?: string;
  target: string;
  version?: string;
  /** In order, written as given (a value may smuggle CR/LF on purpose). */
  headers?: readonly (readonly [string, string])[];
  body?: string | Buffer;
  /** Add Content-Length for the body unless a length header is given (default true). */
  autoLength?: boolean;
}

export interface RawAnswer {
  /** The answer's status, or null if none came. */
  status: number | null;
  /** Status line and headers, lower-cased, to look for injected headers. */
  head: string;
  /** The first bytes of the body, to look for files that must never be served. */
  body: string;
  /** answered; closed without an answer; or no answer within the time limit (a hang). */
  outcome: "answered" | "closed" | "timeout";
  ms: number;
}

const MAX_BYTES = 256 * 1024;

/** Serialises a request; adds Host and `Connection: close` unless given, so each ends cleanly. */
export function encodeRequest(req: RawRequest): Buffer {
  const headers = [...(req.headers ?? [])];
  const has = (name: string) => headers.some(([key]) => key.toLowerCase() === name);
  if (!has("host")) headers.unshift(["Host", "127.0.0.1"]);
  if (!has("connection")) headers.push(["Connection", "close"]);
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  if ((req.autoLength ?? true) && !has("content-length") && !has("transfer-encoding")) {
    if (body.length > 0 || req.method === "POST")
      headers.push(["Content-Length", `${body.length}`]);
  }
  const head =
    `${req.method ?? "GET"} ${req.target} ${req.version ?? "HTTP/1.1"}\r\n` +
    headers.map(([key, value]) => `${key}: ${value}\r\n`).join("") +
    "\r\n";
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

/** Sends raw bytes on a fresh connection and reads whatever comes back until the server closes. */
export function rawExchange(port: number, bytes: Buffer, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const start = now();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const socket = connect({ host: "127.0.0.1", port });
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(chunks), timedOut, now() - start));
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    // Written without a FIN: a client that half-closes is, to Node, a client that went away.
    socket.on("connect", () => socket.write(bytes));
    socket.on("data", (chunk: Buffer) => {
      if (size < MAX_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    // The server may answer (413, 400) and close while a large body is still being written:
    // EPIPE or ECONNRESET then only ends the exchange; what was read still counts.
    socket.on("error", () => finish(false));
    socket.on("close", () => finish(false));
  });
}

function parseAnswer(data: Buffer, timedOut: boolean, ms: number): RawAnswer {
  // Interim answers (100 Continue) come before the real one: skip them.
  const text = data
    .toString("latin1")
    .replace(/^(HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, "");
  const split = text.indexOf("\r\n\r\n");
  const head = (split === -1 ? text : text.slice(0, split)).toLowerCase();
  const match = /^http\/1\.[01] (\d{3})/.exec(head);
  const status = match ? Number(match[1]) : null;
  const outcome = status !== null ? "answered" : timedOut ? "timeout" : "closed";
  return { status, head, body: split === -1 ? "" : text.slice(split + 4), outcome, ms };
}

/** Sends the start of a request and hangs up: the client that walks away mid-request. */
export function abandonRequest(port: number, bytes: Buffer, afterMs = 50): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.on("connect", () => {
      socket.write(bytes);
      setTimeout(() => socket.destroy(), afterMs);
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => resolve());
  });
}
