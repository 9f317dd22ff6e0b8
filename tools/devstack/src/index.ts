export { storeEndpointsFromEnv, type StoreEndpoints } from "./endpoints.js";
export {
  createTestDatabase,
  prepareMysqlDatabase,
  type MysqlDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from "./mysql/database.js";
export { localDataDir, repoRoot } from "./paths.js";
export { findFreePort, isPortFree } from "./ports.js";
export {
  describeExit,
  startChild,
  type ChildExit,
  type ChildSpec,
  type RunningChild,
} from "./process/child.js";
export { findBinaryOnPath, type FindBinary } from "./stores/binaries.js";
export {
  ensureMysql,
  ensureRedis,
  type EnsuredMysql,
  type EnsuredRedis,
  type EnsureOptions,
} from "./stores/ensure.js";
export { startPrivateMysql, type PrivateMysqlOptions } from "./stores/mysql.js";
export {
  checkMysql,
  checkRedis,
  probeMysql,
  probeRedis,
  type Endpoint,
  type MysqlEndpoint,
  type ProbeResult,
} from "./stores/probe.js";
export { startPrivateRedis, type PrivateRedisOptions } from "./stores/redis.js";
export type { StoreHandle } from "./stores/server-handle.js";
export { sleep, waitUntil, type WaitOptions, type WaitResult } from "./wait.js";
export { runStackLauncher } from "./launcher/main.js";
export { privateMemory } from "./process/private-memory.js";
export { statusOf, waitForReady, type ReadyWait } from "./readiness.js";
export {
  assertServicesBuilt,
  imageCommand,
  SERVICE_IMAGES,
  SERVICE_NAMES,
  serviceEntry,
  type ServiceCommand,
  type ServiceImage,
  type ServiceName,
} from "./services.js";
export {
  DEFAULT_STACK,
  describeStack,
  isStackName,
  STACK_ON_STORE,
  stackOnStore,
  STACKS,
  storeLabel,
  type Stack,
  type StackName,
} from "./stacks.js";
export {
  mysqlEnv,
  redisEnv,
  startScratchMysql,
  startScratchRedis,
  type ScratchStore,
} from "./stores/scratch.js";
