import { Redis } from "ioredis";
import { startScratchRedis } from "@voting/devstack";

export interface BenchRedis {
  host: string;
  port: number;
  pid: number;
  /** e.g. "redis 7.0.15, appendonly everysec" */
  describe(): Promise<string>;
  /** Makes the counters read `counts`, in option order. */
  setCounts(options: readonly string[], counts: readonly number[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the bench's own on a free port: the services key their counters by the bare
 * option name, so benchmarking against a shared Redis would overwrite someone's counts. It keeps
 * the append-only file (fsync every second), as the voting-storage 1.0 image does.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const handle = await startScratchRedis();
  const client = new Redis({ host: handle.host, port: handle.port, lazyConnect: true });
  await client.connect();
  return {
    host: handle.host,
    port: handle.port,
    pid: handle.pid,
    async describe() {
      const info = await client.info("server");
      const [appendonly, fsync] = await Promise.all([
        client.config("GET", "appendonly"),
        client.config("GET", "appendfsync"),
      ]);
      const version = info.match(/redis_version:(\S+)/)?.[1] ?? "?";
      return `Redis ${version}, appendonly ${(appendonly as string[])[1]}, appendfsync ${(fsync as string[])[1]}`;
    },
    async setCounts(options, counts) {
      await client.mset(...options.flatMap((option, i) => [option, String(counts[i] ?? 0)]));
    },
    async stop() {
      client.disconnect();
      await handle.dispose();
    },
  };
}
