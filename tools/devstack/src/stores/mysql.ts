import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findBinaryOnPath, type FindBinary } from "./binaries.js";
import {
  findMysqlInstall,
  initialiseDataDir,
  userArgs,
  type MysqlInstall,
} from "./mysql-install.js";
import { checkMysql } from "./probe.js";
import { startServer, type StoreHandle } from "./server-handle.js";

export interface PrivateMysqlOptions {
  port: number;
  /** The server's data directory, initialised on first use; its log and socket live there too. */
  dataDir: string;
  /** More server options, e.g. `--innodb-flush-log-at-trx-commit=2` for benchmarks. */
  extraArgs?: readonly string[];
  readyTimeoutMs?: number;
  findBinary?: FindBinary;
}

/** A private server accepts root with no password on 127.0.0.1. */
export const PRIVATE_MYSQL_USER = "root";
export const PRIVATE_MYSQL_PASSWORD = "";

/**
 * Starts mariadbd (or mysqld) on 127.0.0.1:port, owned by this process, initialising the data
 * directory first if needed, and waits until it accepts root.
 */
export async function startPrivateMysql(options: PrivateMysqlOptions): Promise<StoreHandle> {
  const install = findMysqlInstall(options.findBinary ?? findBinaryOnPath);
  if (!install) throw new Error(`Neither mariadbd nor mysqld is installed. ${MYSQL_INSTALL_HINT}`);
  const dataDir = resolve(options.dataDir);
  await initialiseDataDir(install, dataDir);
  const host = "127.0.0.1";
  const logFile = join(dataDir, "server.log");
  const args = [
    ...serverArgs(install, dataDir, options.port, logFile),
    ...(options.extraArgs ?? []),
  ];
  return startServer({
    name: install.flavour === "mariadb" ? "mariadbd" : "mysqld",
    host,
    port: options.port,
    dataDir,
    command: install.server,
    args,
    logFile,
    ready: () =>
      checkMysql(
        { host, port: options.port, user: PRIVATE_MYSQL_USER, password: PRIVATE_MYSQL_PASSWORD },
        500,
      ),
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    stopGraceMs: 30_000,
  });
}

function serverArgs(install: MysqlInstall, dataDir: string, port: number, logFile: string) {
  const args = [
    // Never read the machine's my.cnf: its port, socket or pid file would collide with the
    // machine's own server.
    "--no-defaults",
    `--datadir=${dataDir}`,
    `--socket=${socketPath(dataDir, port)}`,
    `--pid-file=${join(dataDir, "server.pid")}`,
    `--port=${port}`,
    "--bind-address=127.0.0.1",
    "--skip-networking=0",
    `--log-error=${logFile}`,
    ...userArgs(),
  ];
  if (install.flavour === "mariadb") {
    // The grant tables name 127.0.0.1 itself, so no reverse DNS look-up is needed on connect.
    args.push("--skip-name-resolve");
  } else {
    // MySQL 8 also listens for the X protocol on 33060 and keeps a binary log by default: the
    // first would collide between two private servers, the second only fills the disk.
    args.push("--mysqlx=OFF", "--skip-log-bin");
  }
  return args;
}

// A Unix socket path may be at most ~104 bytes; a deep checkout would exceed that.
function socketPath(dataDir: string, port: number): string {
  const inDataDir = join(dataDir, "mysqld.sock");
  return inDataDir.length <= 100 ? inDataDir : join(tmpdir(), `voting-mysql-${port}.sock`);
}

export const MYSQL_INSTALL_HINT =
  "Install it with `sudo apt-get install mariadb-server` (Debian/Ubuntu) or `brew install mariadb` (macOS)";
