import { connect } from "node:net";
import { createConnection, type Connection } from "mysql2/promise";

export interface Endpoint {
  host: string;
  port: number;
}

export interface MysqlEndpoint extends Endpoint {
  user: string;
  password: string;
}

/**
 * What a probe found: `ok`, nothing listening or answering (`unreachable`), or a server that
 * answered but cannot be used as configured (`unusable`: wrong password, not a Redis, ...).
 */
export type ProbeResult =
  | { status: "ok" }
  | { status: "unreachable"; message: string }
  | { status: "unusable"; message: string };

const PROBE_TIMEOUT_MS = 1000;

/** Whether a Redis server answers PING at host:port, within a second. */
export async function probeRedis(endpoint: Endpoint): Promise<boolean> {
  return (await checkRedis(endpoint)).status === "ok";
}

/** Whether a MySQL server at host:port accepts this user and answers a query, within a second. */
export async function probeMysql(endpoint: MysqlEndpoint): Promise<boolean> {
  return (await checkMysql(endpoint)).status === "ok";
}

export function checkRedis(endpoint: Endpoint, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let reply = "";
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const finish = (result: ProbeResult) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(result);
    };
    // A paused or overloaded server accepts the connection but never answers: that is "unreachable".
    const timer = setTimeout(
      () => finish({ status: "unreachable", message: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      const end = reply.indexOf("\r\n");
      if (end === -1) return;
      const line = reply.slice(0, end);
      if (line === "+PONG") finish({ status: "ok" });
      // LOADING: a Redis still reading its data; it will be usable shortly.
      else if (line.startsWith("-LOADING"))
        finish({ status: "unreachable", message: line.slice(1) });
      else finish({ status: "unusable", message: `answered PING with "${line.slice(0, 80)}"` });
    });
    socket.on("error", (error) => finish({ status: "unreachable", message: error.message }));
    socket.on("end", () => finish({ status: "unusable", message: "closed the connection" }));
  });
}

export async function checkMysql(
  endpoint: MysqlEndpoint,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  let connection: Connection | undefined;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      // A paused server completes the TCP handshake and then says nothing: cut it loose here,
      // or the half-open connection would keep this process alive.
      connection?.destroy();
      resolve({ status: "unreachable", message: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const attempt = (async (): Promise<ProbeResult> => {
    connection = await createConnection({ ...endpoint, connectTimeout: timeoutMs });
    if (timedOut) connection.destroy();
    try {
      await connection.query("SELECT 1");
      return { status: "ok" };
    } finally {
      connection.destroy();
    }
  })().catch((error: unknown) => classifyMysqlError(error));
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function classifyMysqlError(error: unknown): ProbeResult {
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  const unreachable = ["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "ECONNRESET"];
  // A server still starting up refuses logins for a moment with these; it is not usable *yet*.
  const starting = ["ER_SERVER_SHUTDOWN", "PROTOCOL_CONNECTION_LOST", "ER_CON_COUNT_ERROR"];
  if (code && (unreachable.includes(code) || starting.includes(code))) {
    return { status: "unreachable", message: text };
  }
  return { status: "unusable", message: text };
}
