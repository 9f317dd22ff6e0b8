import { parseArgs } from "node:util";
import { storeEndpointsFromEnv, type StoreEndpoints } from "../endpoints.js";
import { DEFAULT_STACK, describeStack, isStackName, STACKS, type StackName } from "../stacks.js";

export interface LauncherOptions {
  stack: StackName;
  appPort: number;
  analyticsPort: number;
  stores: StoreEndpoints;
}

export type ParsedCommand = { help: true } | { help: false; options: LauncherOptions };

/** A mistake in how the launcher was called; the entry point prints it with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: npm start [-- [--stack 1.0|1.1|2.0] [--port N] [--analytics-port N]]

Builds the project and runs the voting app on this machine.

  --stack, -s        which release to run (env STACK); default ${DEFAULT_STACK}
${Object.entries(STACKS)
  .map(([name, stack]) => `                       ${name}  ${describeStack(stack)}`)
  .join("\n")}
  --port, -p         port of the app (env PORT); default 8080
  --analytics-port   port of voting-analytics (env ANALYTICS_PORT); default 8081
  --help, -h         this text

Stores: REDIS_HOST/REDIS_PORT and MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD
(default 127.0.0.1, 6379, 3306, root, no password). A store that does not answer on this
machine is started privately, with its data under .local/. TITLE, VOTE1VALUE and VOTE2VALUE
are passed on to the services.`;

/** Reads the command line and environment; throws UsageError naming what is wrong. */
export function parseLauncherArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string", short: "s" },
        port: { type: "string", short: "p" },
        "analytics-port": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return { help: true };

  const stack = values.stack ?? env.STACK ?? DEFAULT_STACK;
  if (!isStackName(stack)) {
    const choices = Object.entries(STACKS).map(([name, s]) => `${name} (${describeStack(s)})`);
    throw new UsageError(`Unknown stack "${stack}". Choose one of: ${choices.join(", ")}.`);
  }
  const appPort = port("--port / PORT", values.port ?? env.PORT, 8080);
  const analyticsPort = port(
    "--analytics-port / ANALYTICS_PORT",
    values["analytics-port"] ?? env.ANALYTICS_PORT,
    8081,
  );
  if (appPort === analyticsPort) {
    throw new UsageError(`The app and voting-analytics cannot share port ${appPort}.`);
  }
  let stores: StoreEndpoints;
  try {
    stores = storeEndpointsFromEnv(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { help: false, options: { stack, appPort, analyticsPort, stores } };
}

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new UsageError(`${name} must be a port number (1-65535), got "${raw}".`);
  }
  return value;
}
