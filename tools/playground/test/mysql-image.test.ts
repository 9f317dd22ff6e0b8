import { describe, expect, it } from "vitest";
import { initialiseLikeImage, mysqlInit } from "../src/pods/mysql-image.js";

const admin = { host: "127.0.0.1", port: 3306, user: "root", password: "" };

describe("the MySQL image's first start, on this machine's server", () => {
  it("when no root password option is set, then it refuses to start, as the image does", () => {
    expect(() => mysqlInit({ MYSQL_DATABASE: "azurevote" })).toThrow(
      "Database is uninitialized and password option is not specified",
    );
  });

  it("when MYSQL_USER is root, then it is refused", () => {
    expect(() =>
      mysqlInit({ MYSQL_ROOT_PASSWORD: "x", MYSQL_USER: "root", MYSQL_PASSWORD: "y" }),
    ).toThrow('MYSQL_USER="root"');
  });

  it("when a database and an account are named, then it creates both, grants the database, and can take it back", async () => {
    const prepared: string[] = [];
    const statements: string[] = [];
    const deps = {
      prepareDatabase: async (target: { database: string }) => void prepared.push(target.database),
      run: async (_admin: unknown, list: readonly (readonly [string, readonly string[]])[]) =>
        void statements.push(...list.map(([sql, values]) => `${sql} ${values.join(",")}`)),
    };
    const init = mysqlInit({
      MYSQL_ROOT_PASSWORD: "r",
      MYSQL_USER: "voting",
      MYSQL_PASSWORD: "pw",
      MYSQL_DATABASE: "azurevote",
    });
    const revoke = await initialiseLikeImage(admin, init, deps);
    expect(prepared).toEqual(["azurevote"]);
    expect(statements).toContain("CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ? voting,%,pw");
    expect(statements).toContain("GRANT ALL PRIVILEGES ON `azurevote`.* TO ?@? voting,localhost");
    statements.length = 0;
    await revoke();
    expect(statements).toEqual([
      "REVOKE ALL PRIVILEGES ON `azurevote`.* FROM ?@? voting,%",
      "REVOKE ALL PRIVILEGES ON `azurevote`.* FROM ?@? voting,localhost",
    ]);
  });

  it("when the database name is not a plain name, then nothing is run", async () => {
    const deps = { prepareDatabase: async () => {}, run: async () => {} };
    const init = { database: "x`; DROP", account: { user: "u", password: "p" } };
    await expect(initialiseLikeImage(admin, init, deps)).rejects.toThrow(
      "is not a database name the playground accepts",
    );
  });
});
