import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { userInfo } from "node:os";
import { describeExit, startChild } from "../process/child.js";
import { findFirst, type FindBinary } from "./binaries.js";

/** The MySQL-compatible server found on this machine and how to initialise a data directory. */
export interface MysqlInstall {
  flavour: "mariadb" | "mysql";
  server: string;
  /** mariadb-install-db / mysql_install_db; Oracle MySQL initialises with the server itself. */
  installDb?: string;
}

export function findMysqlInstall(findBinary: FindBinary): MysqlInstall | undefined {
  const server = findFirst(findBinary, ["mariadbd", "mysqld"]);
  if (!server) return undefined;
  if (basename(server) === "mariadbd" || isMariadb(server)) {
    const installDb = findFirst(findBinary, ["mariadb-install-db", "mysql_install_db"]);
    return installDb ? { flavour: "mariadb", server, installDb } : undefined;
  }
  return { flavour: "mysql", server };
}

function isMariadb(server: string): boolean {
  try {
    return /mariadb/i.test(
      execFileSync(server, ["--version"], { encoding: "utf8", timeout: 5000 }),
    );
  } catch {
    return false;
  }
}

/** As root the servers refuse to run unless told which user to run as; we keep the current one. */
export function userArgs(): string[] {
  return process.getuid?.() === 0 ? [`--user=${userInfo().username}`] : [];
}

/**
 * Creates the system tables in `dataDir` on first use: root with an empty password, reachable
 * over TCP from 127.0.0.1. A directory that already holds them is left alone.
 */
export async function initialiseDataDir(install: MysqlInstall, dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, "mysql"))) return;
  let command: string;
  let args: string[];
  if (install.flavour === "mariadb" && install.installDb) {
    await mkdir(dataDir, { recursive: true });
    command = install.installDb;
    args = [
      "--no-defaults",
      `--datadir=${dataDir}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--skip-name-resolve",
      ...userArgs(),
    ];
  } else {
    // --initialize-insecure wants a data directory that does not exist yet or is empty.
    await mkdir(dirname(dataDir), { recursive: true });
    command = install.server;
    args = ["--no-defaults", "--initialize-insecure", `--datadir=${dataDir}`, ...userArgs()];
  }
  // Through startChild, like the server itself: a bootstrap left running by a killed parent
  // would hold the data directory.
  const child = await startChild({ command, args });
  const timer = setTimeout(() => void child.stop(5000), 120_000);
  const exit = await child.exited;
  clearTimeout(timer);
  if (exit.code !== 0) {
    throw new Error(
      [
        `Could not initialise a MySQL data directory in ${dataDir}: ${command} ${describeExit(exit)}`,
        `Command: ${command} ${args.join(" ")}`,
        ...child.tail().slice(-20),
      ].join("\n"),
    );
  }
}
