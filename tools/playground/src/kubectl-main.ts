#!/usr/bin/env node
import { runKubectl } from "./kubectl/run.js";

// `npm run apply|delete|get|logs -- ...`: npm runs scripts in the repository's root, and
// INIT_CWD keeps the directory the command was typed in, where relative paths start.
process.exitCode = await runKubectl(process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
