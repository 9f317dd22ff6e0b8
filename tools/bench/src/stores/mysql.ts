import { readFile } from "node:fs/promises";
import { createPool, type RowDataPacket } from "mysql2/promise";
import { createTestDatabase } from "@voting/devstack";
import { seedBatches } from "./seed-plan.js";

export interface BenchMysql {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The server's version and the settings that decide whether a commit is durable. */
  describe(): Promise<string>;
  /** The server's pid when it runs on this machine and says where its pid file is. */
  serverPid(): Promise<number | undefined>;
  /**
   * Empties the vote tables and stores `total` votes, split between the options as evenly as
   * possible (the first gets the odd one), as rows of azurevote inserted through the schema's
   * triggers: the same path every vote takes, so azurevote_totals is right by construction.
   */
  seed(options: readonly [string, string], total: number): Promise<void>;
  drop(): Promise<void>;
}

// 0..99999 from five cross-joined digits: portable to MySQL and MariaDB, no recursion limit.
const DIGITS =
  "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
const SEQUENCE = `SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS i FROM ${DIGITS} a CROSS JOIN ${DIGITS} b CROSS JOIN ${DIGITS} c CROSS JOIN ${DIGITS} e CROSS JOIN ${DIGITS} f`;
export const SEED_BATCH = 100_000;

/** A throw-away database with the vote schema on the configured server (MYSQL_* or local root). */
export async function createBenchMysql(): Promise<BenchMysql> {
  const db = await createTestDatabase({ prefix: "bench" });
  const pool = createPool({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
    connectionLimit: 2,
  });
  const variable = async (name: string) => {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT @@${name} AS value`);
    return String(rows[0]?.value ?? "?");
  };
  return {
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
    async describe() {
      const [version, flush, binlog, syncBinlog] = await Promise.all(
        ["version", "innodb_flush_log_at_trx_commit", "log_bin", "sync_binlog"].map(variable),
      );
      return `${version}, innodb_flush_log_at_trx_commit=${flush}, log_bin=${binlog}, sync_binlog=${syncBinlog}`;
    },
    async serverPid() {
      const file = await variable("pid_file").catch(() => "");
      const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    },
    async seed(options, total) {
      await pool.query("TRUNCATE TABLE azurevote");
      await pool.query("TRUNCATE TABLE azurevote_totals");
      for (const batch of seedBatches(total, SEED_BATCH)) {
        await pool.query(
          `INSERT INTO azurevote (votevalue) SELECT IF(MOD(i + ?, 2) = 0, ?, ?) FROM (${SEQUENCE}) s WHERE i < ?`,
          [batch.offset, options[0], options[1], batch.size],
        );
      }
    },
    async drop() {
      await pool.end().catch(() => {});
      await db.drop();
    },
  };
}
