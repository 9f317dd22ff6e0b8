import type { MysqlEndpoint } from "@voting/devstack";

/** What the storage 2.0 image does on its first start, from its environment. */
export interface MysqlInit {
  /** The database to create with the vote schema, if any. */
  readonly database: string | undefined;
  /** The account to create with all rights on that database, if any. */
  readonly account: { readonly user: string; readonly password: string } | undefined;
}

/**
 * Reads the MySQL image's variables as its entrypoint does, refusing what it refuses.
 * MYSQL_ROOT_PASSWORD is required there but not used here: this machine's server keeps its root.
 */
export function mysqlInit(env: Readonly<Record<string, string>>): MysqlInit {
  const rootSet = [
    "MYSQL_ROOT_PASSWORD",
    "MYSQL_ALLOW_EMPTY_PASSWORD",
    "MYSQL_RANDOM_ROOT_PASSWORD",
  ].some((name) => env[name] !== undefined);
  if (!rootSet) {
    throw new Error(
      "Database is uninitialized and password option is not specified: set one of MYSQL_ROOT_PASSWORD, " +
        "MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD",
    );
  }
  const user = env.MYSQL_USER || undefined;
  if (user === "root") {
    throw new Error(
      'MYSQL_USER="root": MYSQL_USER and MYSQL_PASSWORD are for a regular user, not root',
    );
  }
  const database = env.MYSQL_DATABASE || undefined;
  const password = env.MYSQL_PASSWORD ?? "";
  return { database, account: user && password ? { user, password } : undefined };
}

export interface MysqlAdmin {
  /** Creates the database if missing and applies the vote schema. */
  prepareDatabase(target: MysqlEndpoint & { database: string }): Promise<void>;
  /** Runs statements as the admin account; values fill `?` placeholders. */
  run(
    admin: MysqlEndpoint,
    statements: readonly (readonly [string, readonly string[]])[],
  ): Promise<void>;
}

// Both hosts: a connection through 127.0.0.1 may be seen as coming from localhost, where an
// anonymous account would otherwise win over 'user'@'%'.
const ACCOUNT_HOSTS = ["%", "localhost"] as const;

/** Creates what the image's entrypoint creates; returns how to take the account's rights back. */
export async function initialiseLikeImage(
  admin: MysqlEndpoint,
  init: MysqlInit,
  deps: MysqlAdmin,
): Promise<() => Promise<void>> {
  if (init.database) await deps.prepareDatabase({ ...admin, database: init.database });
  const { account, database } = init;
  if (!account || !database) return async () => {};
  const name = quoteName(database);
  await deps.run(
    admin,
    ACCOUNT_HOSTS.flatMap((host) => [
      [
        "CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?",
        [account.user, host, account.password],
      ] as const,
      ["ALTER USER ?@? IDENTIFIED BY ?", [account.user, host, account.password]] as const,
      [`GRANT ALL PRIVILEGES ON ${name}.* TO ?@?`, [account.user, host]] as const,
    ]),
  );
  return () =>
    deps.run(
      admin,
      ACCOUNT_HOSTS.map(
        (host) => [`REVOKE ALL PRIVILEGES ON ${name}.* FROM ?@?`, [account.user, host]] as const,
      ),
    );
}

// Names cannot be bound as parameters; only plain ones are accepted, so quoting them is safe.
function quoteName(name: string): string {
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(name)) {
    throw new Error(
      `"${name}" is not a database name the playground accepts (letters, digits, _ and $)`,
    );
  }
  return `\`${name}\``;
}
