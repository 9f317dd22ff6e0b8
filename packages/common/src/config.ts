import { z } from "zod";

export type Env = Record<string, string | undefined>;

/** A config problem found at start: every bad variable is named at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment against a schema whose keys are the variable names.
 * Returns a frozen, typed object, or throws a ConfigError naming each bad variable.
 */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  env: Env,
): Readonly<z.infer<z.ZodObject<S>>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return `${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`;
    });
    throw new ConfigError(problems);
  }
  return Object.freeze(result.data);
}

// Small schema builders, so every service reads its variables the same way.
export const env = {
  string: (fallback: string, maxLength = 255) =>
    z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(maxLength, `must be at most ${maxLength} characters`)
      .default(fallback),
  optionalString: () => z.string().optional(),
  port: (fallback: number) =>
    z.coerce
      .number({ error: "must be a port between 1 and 65535" })
      .int("must be a whole number")
      .min(1, "must be a port between 1 and 65535")
      .max(65535, "must be a port between 1 and 65535")
      .default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .positive("must be positive")
      .default(fallback),
  milliseconds: (fallback: number) =>
    z.coerce
      .number({ error: "must be a whole number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(0, "must not be negative")
      .max(600_000, "must be at most 600000 (10 minutes)")
      .default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
      .transform((value) => value === "true" || value === "1" || value === "yes")
      .default(fallback),
  choice: <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
    z.enum(values, { error: `must be one of ${values.join(", ")}` }).default(fallback as never),
  // Vote options become Redis keys and MySQL VARCHAR(45) values, so they are bounded.
  option: (fallback: string) =>
    z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(45, "must be at most 45 characters")
      .default(fallback),
};

/** What every service reads to listen, log and shut down. */
export const runtimeShape = {
  PORT: env.port(8080),
  LOG_LEVEL: env.choice(["trace", "debug", "info", "warn", "error", "fatal", "silent"], "info"),
  // How long to keep serving after readiness fails, so the load balancer stops sending first.
  SHUTDOWN_DELAY_MS: env.milliseconds(0),
};

/** The two vote options, shared by the app and analytics. */
export const voteOptionsShape = {
  VOTE1VALUE: env.option("Cats"),
  VOTE2VALUE: env.option("Dogs"),
};

export function checkDistinctOptions(options: { VOTE1VALUE: string; VOTE2VALUE: string }): void {
  if (
    options.VOTE1VALUE === options.VOTE2VALUE ||
    options.VOTE1VALUE === "reset" ||
    options.VOTE2VALUE === "reset"
  ) {
    throw new ConfigError([
      `VOTE1VALUE, VOTE2VALUE: must be two different values other than "reset" (got ${JSON.stringify(options.VOTE1VALUE)} and ${JSON.stringify(options.VOTE2VALUE)})`,
    ]);
  }
}
