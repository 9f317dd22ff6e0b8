import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { prepareMysqlDatabase } from "../mysql/database.js";
import { repoRoot } from "../paths.js";
import { isPortFree } from "../ports.js";
import { ensureMysql, ensureRedis } from "../stores/ensure.js";
import type { ServiceName, StackDeps } from "./run-stack.js";

/** The real world: real stores, the built services, this process's environment. */
export function defaultStackDeps(io: {
  log: (message: string) => void;
  output: (line: string) => void;
}): StackDeps {
  return {
    ...io,
    env: process.env,
    ensureRedis,
    ensureMysql,
    prepareMysqlDatabase,
    isPortFree,
    serviceCommand: builtService,
    readyTimeoutMs: 30_000,
    stopGraceMs: 15_000,
  };
}

function builtService(name: ServiceName) {
  const root = repoRoot();
  const entry = join(root, "services", name, "dist", "server.js");
  if (!existsSync(entry)) {
    throw new Error(`${relative(root, entry)} does not exist: build first with \`npm run build\`.`);
  }
  return { command: process.execPath, args: [entry], cwd: root };
}
