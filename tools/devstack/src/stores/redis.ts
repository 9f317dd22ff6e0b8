import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { findBinaryOnPath, type FindBinary } from "./binaries.js";
import { checkRedis } from "./probe.js";
import { startServer, type StoreHandle } from "./server-handle.js";

export interface PrivateRedisOptions {
  port: number;
  /** Holds the append-only file and the log; created if missing. */
  dataDir: string;
  /**
   * Keep data across stop/kill/restart in an append-only file (default true). Snapshots are off
   * either way, so the server never forks behind our back.
   */
  appendOnly?: boolean;
  readyTimeoutMs?: number;
  findBinary?: FindBinary;
}

/** Starts redis-server on 127.0.0.1:port, owned by this process, and waits until it answers. */
export async function startPrivateRedis(options: PrivateRedisOptions): Promise<StoreHandle> {
  const command = (options.findBinary ?? findBinaryOnPath)("redis-server");
  if (!command) throw new Error(`redis-server is not installed. ${REDIS_INSTALL_HINT}`);
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const host = "127.0.0.1";
  const logFile = join(dataDir, "redis.log");
  // prettier-ignore
  const args = [
    "--port", String(options.port),
    "--bind", host,
    "--dir", dataDir,
    "--logfile", logFile,
    "--daemonize", "no",
    "--save", "",
    "--appendonly", options.appendOnly === false ? "no" : "yes",
    "--appendfsync", "everysec",
  ];
  return startServer({
    name: "redis-server",
    host,
    port: options.port,
    dataDir,
    command,
    args,
    logFile,
    ready: () => checkRedis({ host, port: options.port }, 500),
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    stopGraceMs: 5_000,
  });
}

export const REDIS_INSTALL_HINT =
  "Install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS)";
