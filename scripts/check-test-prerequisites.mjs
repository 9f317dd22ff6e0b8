#!/usr/bin/env node
// Runs before `npm test`: says in one place what the machine lacks, instead of
// a hundred failing tests saying it a hundred ways.
import { accessSync, constants } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";

const problems = [];

function onPath(name) {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

async function reachable(host, port) {
  const socket = connect({ host, port });
  socket.setTimeout(1000);
  const ok = await new Promise((resolve) => {
    socket.once("connect", () => resolve(true));
    socket.once("timeout", () => resolve(false));
    socket.once("error", () => resolve(false));
  });
  socket.destroy();
  return ok;
}

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
try {
  accessSync(chromium, constants.X_OK);
} catch {
  problems.push(
    `Chromium is not at ${chromium}: install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}
if (!onPath("shellcheck"))
  problems.push("shellcheck is not installed: sudo apt-get install shellcheck.");

const redisHost = process.env.REDIS_HOST ?? "127.0.0.1";
const redisPort = Number(process.env.REDIS_PORT ?? 6379);
if (!(await reachable(redisHost, redisPort))) {
  problems.push(
    `Redis is not answering at ${redisHost}:${redisPort}: start it (sudo service redis-server start) or install it (sudo apt-get install redis-server).`,
  );
}
const mysqlHost = process.env.MYSQL_HOST ?? "127.0.0.1";
const mysqlPort = Number(process.env.MYSQL_PORT ?? 3306);
if (!(await reachable(mysqlHost, mysqlPort))) {
  problems.push(
    `MySQL/MariaDB is not answering at ${mysqlHost}:${mysqlPort}: start it (sudo service mariadb start) or install it (sudo apt-get install mariadb-server). The tests log in as MYSQL_USER (default root) with MYSQL_PASSWORD (default empty).`,
  );
}

if (problems.length > 0) {
  console.error(
    `The tests need a few things this machine lacks (.ci/run sets all of them up on Debian):\n- ${problems.join("\n- ")}`,
  );
  process.exit(1);
}
