import { describe, expect, it } from "vitest";
import { Refused } from "../src/errors.js";
import { readSecret, resolveEnv } from "../src/secrets.js";
import type { EnvEntry } from "../src/workload.js";
import { secret } from "./builders.js";

const stored = readSecret(
  secret(
    "db",
    { MYSQL_USER: "voting" },
    { MYSQL_PASSWORD: Buffer.from("s3cret").toString("base64") },
  ),
);
const secretOf = (name: string) => (name === "db" ? stored : undefined);
const ref = (name: string, key: string, optional = false): EnvEntry => ({
  name,
  secretKeyRef: { name, key, optional },
});

describe("a container's environment from Secrets", () => {
  it("when keys come from data and stringData, then both are read, data decoded from base64", () => {
    expect(Object.fromEntries(stored)).toEqual({ MYSQL_USER: "voting", MYSQL_PASSWORD: "s3cret" });
  });

  it("when every reference resolves, then values and keys are merged in order, later names winning", () => {
    const entries: EnvEntry[] = [
      { name: "MYSQL_USER", value: "first" },
      { name: "MYSQL_USER", secretKeyRef: { name: "db", key: "MYSQL_USER", optional: false } },
      { name: "PORT", value: "8080" },
    ];
    expect(resolveEnv(entries, secretOf, "voting")).toEqual({
      ok: true,
      env: { MYSQL_USER: "voting", PORT: "8080" },
    });
  });

  it("when the Secret is missing, then the container cannot start, with the kubelet's reason", () => {
    expect(resolveEnv([ref("nope", "MYSQL_USER")], secretOf, "voting")).toEqual({
      ok: false,
      reason: 'secret "nope" not found',
    });
  });

  it("when the key is missing, then the reason names the key and the Secret", () => {
    const entries: EnvEntry[] = [
      { name: "X", secretKeyRef: { name: "db", key: "MYSQL_ROOT_PASSWORD", optional: false } },
    ];
    expect(resolveEnv(entries, secretOf, "voting")).toEqual({
      ok: false,
      reason: "couldn't find key MYSQL_ROOT_PASSWORD in Secret voting/db",
    });
  });

  it("when a missing reference is optional, then the variable is simply not set", () => {
    expect(resolveEnv([ref("nope", "X", true)], secretOf, "voting")).toEqual({ ok: true, env: {} });
  });

  it("when data is not base64 or a value is not a string, then the Secret is refused by field", () => {
    expect(() => readSecret(secret("db", {}, { KEY: "not base64!" }))).toThrow(
      "Secret db: data.KEY is not base64",
    );
    expect(() => readSecret({ ...secret("db", {}), stringData: { PORT: 3306 } })).toThrow(Refused);
    expect(() => readSecret({ ...secret("db", {}), immutable: true, kind2: 1 })).toThrow(
      "Secret db: kind2 is not supported by the playground",
    );
  });
});
