import * as v from "valibot";

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
export function parseEnv<S extends v.ObjectEntries>(
  shape: S,
  env: Env,
): Readonly<v.InferOutput<v.ObjectSchema<S, undefined>>> {
  // One problem per variable: the first check it fails says what is wrong with it.
  const result = v.safeParse(v.object(shape), env, { abortPipeEarly: true });
  if (!result.success) {
    const problems = result.issues.map((issue) => {
      const name = (issue.path ?? []).map((item) => String(item.key)).join(".");
      return `${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`;
    });
    throw new ConfigError(problems);
  }
  return Object.freeze(result.output);
}

// A variable's default is written as the text it would have in the environment, and is read
// like it: one parser per kind of variable, whether the value came from outside or not.
const withDefault = <T extends v.GenericSchema<string, unknown>>(schema: T, fallback: string) =>
  v.optional(schema, fallback);

/** An environment variable read as a whole number, refused with `message` when it is not one. */
const wholeNumber = (message: string) =>
  v.pipe(v.string(), v.transform(Number), v.number(message), v.integer(message));

/** A whole number of milliseconds from `least` up to ten minutes. */
function millisecondsFrom(least: number, tooSmall: string, fallback: number) {
  return withDefault(
    v.pipe(
      wholeNumber("must be a whole number of milliseconds"),
      v.minValue(least, tooSmall),
      v.maxValue(600_000, "must be at most 600000 (10 minutes)"),
    ),
    String(fallback),
  );
}

// Small schema builders, so every service reads its variables the same way.
export const env = {
  string: (fallback: string, maxLength = 255) =>
    withDefault(
      v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1, "must not be empty"),
        v.maxLength(maxLength, `must be at most ${maxLength} characters`),
      ),
      fallback,
    ),
  optionalString: () => v.optional(v.string()),
  port: (fallback: number) =>
    withDefault(
      v.pipe(
        wholeNumber("must be a port between 1 and 65535"),
        v.minValue(1, "must be a port between 1 and 65535"),
        v.maxValue(65535, "must be a port between 1 and 65535"),
      ),
      String(fallback),
    ),
  positiveInt: (fallback: number) =>
    withDefault(
      v.pipe(wholeNumber("must be a whole number"), v.minValue(1, "must be positive")),
      String(fallback),
    ),
  milliseconds: (fallback: number) => millisecondsFrom(0, "must not be negative", fallback),
  /** A deadline: a whole number of milliseconds, at least 1 (0 would refuse everything at once). */
  deadline: (fallback: number) => millisecondsFrom(1, "must be at least 1", fallback),
  boolean: (fallback: boolean) =>
    withDefault(
      v.pipe(
        v.picklist(["true", "false", "1", "0", "yes", "no"], "must be true or false"),
        v.transform((value) => value === "true" || value === "1" || value === "yes"),
      ),
      String(fallback),
    ),
  choice: <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
    withDefault(v.picklist(values, `must be one of ${values.join(", ")}`), fallback),
  // Vote options become Redis keys and MySQL VARCHAR(45) values, so they are bounded.
  option: (fallback: string) => env.string(fallback, 45),
};

/** What every service reads to listen, log and shut down. */
export const runtimeShape = {
  PORT: env.port(8080),
  LOG_LEVEL: env.choice(["trace", "debug", "info", "warn", "error", "fatal", "silent"], "info"),
  // How long to keep serving after readiness fails, so the load balancer stops sending first.
  SHUTDOWN_DELAY_MS: env.milliseconds(0),
};

/**
 * How long a store call may take before the service gives up and answers 503: REDIS_TIMEOUT_MS
 * and MYSQL_TIMEOUT_MS when they are not set. Here, beside the other shared defaults, so that the
 * fault suite holds the services to the same figures without repeating them.
 */
export const STORE_TIMEOUT_DEFAULTS_MS = { redis: 1000, mysql: 2000 } as const;

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
