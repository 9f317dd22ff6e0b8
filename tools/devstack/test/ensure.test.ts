import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureMysql,
  ensureRedis,
  findBinaryOnPath,
  findFreePort,
  probeRedis,
  startPrivateRedis,
  type StoreHandle,
} from "../src/index.js";
import { processExists, tempDir } from "./helpers.js";

const nothingInstalled = () => undefined;

describe("ensureRedis", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let running: StoreHandle;

  beforeAll(async () => {
    dir = await tempDir("ensure");
    running = await startPrivateRedis({
      port: await findFreePort(),
      dataDir: `${dir.path}/running`,
    });
  });

  afterAll(async () => {
    await running?.stop();
    await dir?.remove();
  });

  it("when a server answers at the configured port, then it is used and nothing is started", async () => {
    const ensured = await ensureRedis(
      { host: "127.0.0.1", port: running.port },
      { findBinary: nothingInstalled },
    );
    expect(ensured).toMatchObject({ host: "127.0.0.1", port: running.port, handle: undefined });
    await ensured.release();
    expect(await probeRedis(running)).toBe(true);
  });

  it("when nothing answers and redis-server is installed, then a private one is started there", async () => {
    const port = await findFreePort();
    const logged: string[] = [];
    const ensured = await ensureRedis(
      { host: "localhost", port },
      { dataDir: `${dir.path}/private`, log: (line) => logged.push(line) },
    );
    try {
      expect(ensured.port).toBe(port);
      expect(ensured.handle).toBeDefined();
      expect(await probeRedis({ host: "127.0.0.1", port })).toBe(true);
      expect(logged.join("\n")).toContain(`Redis is not running at localhost:${port}`);
    } finally {
      await ensured.release();
    }
    expect(processExists(ensured.handle!.pid)).toBe(false);
  });

  it("when nothing answers and redis-server is not installed, then the error says what to install", async () => {
    const port = await findFreePort();
    await expect(
      ensureRedis({ host: "127.0.0.1", port }, { findBinary: nothingInstalled }),
    ).rejects.toThrow(
      `Redis is not running at 127.0.0.1:${port} and redis-server is not installed. ` +
        "Install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), " +
        "or set REDIS_HOST/REDIS_PORT to a running server.",
    );
  });

  it("when something that is not Redis answers, then the error says so instead of starting one", async () => {
    const impostor: Server = createServer((socket) => socket.end("-ERR unknown command\r\n"));
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    const { port } = impostor.address() as { port: number };
    try {
      await expect(ensureRedis({ host: "127.0.0.1", port })).rejects.toThrow(
        /not a Redis this app can use/,
      );
    } finally {
      impostor.close();
    }
  });
});

describe("ensureMysql", () => {
  it("when nothing answers and no server is installed, then the error says what to install", async () => {
    const port = await findFreePort();
    await expect(
      ensureMysql(
        { host: "127.0.0.1", port, user: "root", password: "" },
        { findBinary: nothingInstalled },
      ),
    ).rejects.toThrow(
      `MySQL is not running at 127.0.0.1:${port} and neither mariadbd nor mysqld is installed. ` +
        "Install it with `sudo apt-get install mariadb-server` (Debian/Ubuntu) or `brew install mariadb` (macOS)",
    );
  });
});

describe("findBinaryOnPath", () => {
  it("when a PATH directory holds the executable, then it is found; when not executable, then not", async () => {
    const dir = await tempDir("bin");
    try {
      await writeFile(`${dir.path}/fake-server`, "#!/bin/sh\n", { mode: 0o755 });
      await writeFile(`${dir.path}/not-runnable`, "", { mode: 0o644 });
      expect(findBinaryOnPath("fake-server", dir.path)).toBe(`${dir.path}/fake-server`);
      // As root, X_OK is granted for any file with at least one execute bit; this one has none.
      expect(findBinaryOnPath("not-runnable", dir.path)).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
