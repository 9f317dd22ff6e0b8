import type { KubeObject } from "@voting/mesh";
import { Refused } from "./errors.js";
import { checkShape } from "./fields.js";
import type { EnvEntry } from "./workload.js";

export type SecretData = ReadonlyMap<string, string>;

const SECRET = {
  apiVersion: "used",
  kind: "used",
  metadata: { name: "used", namespace: "used", labels: "inert", annotations: "inert" },
  type: "inert",
  immutable: "inert",
  data: "used",
  stringData: "used",
} as const;

/** The keys of a Secret: `data` is base64, `stringData` plain text and wins, as on the API server. */
export function readSecret(object: KubeObject): SecretData {
  const where = `Secret ${[object.metadata.namespace, object.metadata.name].filter(Boolean).join("/")}`;
  checkShape(object, SECRET, where);
  const values = new Map<string, string>();
  for (const [field, decode] of [
    ["data", (text: string) => Buffer.from(text, "base64").toString("utf8")],
    ["stringData", (text: string) => text],
  ] as const) {
    const entries = object[field];
    if (entries === undefined) continue;
    if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
      throw new Refused(`${where}: ${field} must be a map of strings`);
    }
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value !== "string")
        throw new Refused(`${where}: ${field}.${key} must be a string`);
      if (field === "data" && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
        throw new Refused(`${where}: data.${key} is not base64 (use stringData for plain text)`);
      }
      values.set(key, decode(value));
    }
  }
  return values;
}

export type EnvResolution =
  | { readonly ok: true; readonly env: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly reason: string };

/**
 * A container's environment with its Secret keys looked up, as the kubelet does before it starts
 * the container. A missing Secret or key keeps the container from starting
 * (CreateContainerConfigError), unless the reference is optional.
 */
export function resolveEnv(
  entries: readonly EnvEntry[],
  secretOf: (name: string) => SecretData | undefined,
  namespace: string,
): EnvResolution {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    if ("value" in entry) {
      env[entry.name] = entry.value;
      continue;
    }
    const { name, key, optional } = entry.secretKeyRef;
    const secret = secretOf(name);
    const value = secret?.get(key);
    if (value !== undefined) env[entry.name] = value;
    else if (optional) continue;
    else if (!secret) return { ok: false, reason: `secret "${name}" not found` };
    else return { ok: false, reason: `couldn't find key ${key} in Secret ${namespace}/${name}` };
  }
  return { ok: true, env };
}
