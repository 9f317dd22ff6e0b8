#!/usr/bin/env node
import { runStackLauncher } from "./launcher/main.js";

// The launcher behind `npm start -- --stack`: the only module here with side effects (argv,
// env, signals, exit codes). Launcher messages go to stderr; the services write to stdout
// themselves.
// When the reader of our output goes away (`npm start | head`, a closed terminal), keep going so
// that the services and stores are still stopped in order.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
process.exit(await runStackLauncher(process.argv.slice(2), process.env));
