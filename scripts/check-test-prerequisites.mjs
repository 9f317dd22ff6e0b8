#!/usr/bin/env node
// Runs before `npm test`: says in one place what the machine lacks, instead of
// a hundred failing tests saying it a hundred ways.
import { accessSync, constants, readFileSync } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";

const problems = [];

// npm scripts run the checkout's Node (node_modules/.bin/node, from the node-<os>-<cpu> package
// npm install picks for this machine); the tests must run on the major the images ship.
const dockerfile = readFileSync(
  new URL("../services/voting-app/Dockerfile", import.meta.url),
  "utf8",
);
const imageMajor = /^ARG NODE_IMAGE=node:(\d+)/m.exec(dockerfile)?.[1];
const ourMajor = process.versions.node.split(".")[0];
if (imageMajor !== undefined && ourMajor !== imageMajor) {
  problems.push(
    `npm scripts run Node ${process.versions.node}, but the images ship Node ${imageMajor}: ` +
      `npm install puts Node ${imageMajor} in node_modules/.bin from the optional package ` +
      `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}; ` +
      `if there is none for this machine, run npm with Node ${imageMajor} on PATH.`,
  );
}

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
// The playground's tests walk the tutorial with the real kubectl, as a learner types it.
if (!onPath("kubectl"))
  problems.push(
    "kubectl is not installed: install kubectl 1.28 or later (https://kubernetes.io/docs/tasks/tools/; on Debian or Ubuntu the kubectl package of pkgs.k8s.io).",
  );

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
