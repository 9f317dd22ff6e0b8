import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import {
  ensureMysql,
  ensureRedis,
  findFreePort,
  prepareMysqlDatabase,
  repoRoot,
  startChild,
} from "@voting/devstack";
import { SERVICE_NODE_FLAGS } from "@voting/common/heap";
import { loadImageList } from "@voting/manifests";
import { createConnection } from "mysql2/promise";
import type { PlaygroundDeps } from "./playground.js";

/** The real world: the built services, this machine's stores, the project's image list. */
export function defaultPlaygroundDeps(log: (line: string) => void): PlaygroundDeps {
  const root = repoRoot();
  return {
    log,
    ensureRedis,
    ensureMysql,
    prepareDatabase: prepareMysqlDatabase,
    async run(admin, statements) {
      const connection = await createConnection({ ...admin, connectTimeout: 5000 });
      try {
        for (const [sql, values] of statements) await connection.query(sql, [...values]);
      } finally {
        await connection.end().catch(() => connection.destroy());
      }
    },
    async startService(service, env, onLine) {
      const entry = join(root, "services", service, "dist", "server.js");
      if (!existsSync(entry)) {
        throw new Error(
          `${relative(root, entry)} does not exist: build first with \`npm run build\``,
        );
      }
      return startChild({
        command: process.execPath,
        // As the image's command runs it.
        args: [...SERVICE_NODE_FLAGS, entry],
        env,
        cwd: root,
        onLine: (line) => onLine(line),
      });
    },
    findFreePort,
    async isReady(address) {
      try {
        const response = await fetch(`http://${address.host}:${address.port}/readyz`, {
          signal: AbortSignal.timeout(1000),
        });
        await response.body?.cancel();
        return response.status === 200;
      } catch {
        return false;
      }
    },
    knownImages: loadImageList(root),
    // A container starts with its image's environment, not the shell's: only PATH is passed on.
    baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  };
}
