import {
  assertServicesBuilt,
  ensureMysql,
  ensureRedis,
  findFreePort,
  imageCommand,
  prepareMysqlDatabase,
  repoRoot,
  startChild,
  statusOf,
} from "@voting/devstack";
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
    async startService(service, env, logFile) {
      assertServicesBuilt(root);
      // As the image's command runs it, its output going to its log file as a container's does.
      const { command, args, env: processEnv } = imageCommand(service, env);
      return startChild({ command, args, env: processEnv, cwd: root, output: { file: logFile } });
    },
    findFreePort,
    isReady: async (address) =>
      (await statusOf(`http://${address.host}:${address.port}/readyz`)) === 200,
    knownImages: loadImageList(root),
    // A container starts with its image's environment, not the shell's: only PATH is passed on.
    baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
  };
}
