import { prepareMysqlDatabase } from "../mysql/database.js";
import { isPortFree } from "../ports.js";
import { assertServicesBuilt, imageCommand } from "../services.js";
import { ensureMysql, ensureRedis } from "../stores/ensure.js";
import type { StackDeps } from "./run-stack.js";

/** The real world: real stores, the built services started as their images start them. */
export function defaultStackDeps(log: (message: string) => void): StackDeps {
  return {
    log,
    env: process.env,
    ensureRedis,
    ensureMysql,
    prepareMysqlDatabase,
    isPortFree,
    serviceCommand: (name, env) => {
      assertServicesBuilt();
      return imageCommand(name, env);
    },
    readyTimeoutMs: 30_000,
    stopGraceMs: 15_000,
  };
}
