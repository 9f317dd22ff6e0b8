import { MeshConfigError } from "./errors.js";

/** Where a value sits: the resource ("VirtualService voting/voting-app") and the field path. */
export interface At {
  readonly where: string;
  readonly path: string;
}

export type Plain = Record<string, unknown>;

export function at(where: string, path = ""): At {
  return { where, path };
}

export function child(parent: At, key: string | number): At {
  const path =
    typeof key === "number"
      ? `${parent.path}[${key}]`
      : parent.path
        ? `${parent.path}.${key}`
        : key;
  return { where: parent.where, path };
}

export function fail(place: At, message: string): never {
  throw new MeshConfigError(`${place.where}: ${place.path || "(resource)"} ${message}`);
}

export function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object whose keys are all in `supported`: any other key is refused, never skipped. */
export function object(place: At, value: unknown, supported: readonly string[]): Plain {
  if (!isPlain(value)) fail(place, "must be an object");
  for (const key of Object.keys(value)) {
    if (!supported.includes(key)) fail(child(place, key), "is not supported by @voting/mesh");
  }
  return value;
}

export function list(place: At, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(place, "must be a list");
  return value;
}

export function text(place: At, value: unknown): string {
  if (typeof value !== "string" || value === "") fail(place, "must be a non-empty string");
  return value;
}

export function optionalText(place: At, value: unknown): string | undefined {
  return value === undefined ? undefined : text(place, value);
}

export function port(place: At, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
    fail(place, "must be a port number between 1 and 65535");
  }
  return value as number;
}

export function labels(place: At, value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (!isPlain(value)) fail(place, "must be a map of labels");
  for (const [key, label] of Object.entries(value)) {
    if (typeof label !== "string") fail(child(place, key), "must be a string (quote numbers)");
  }
  return value as Record<string, string>;
}

/** A resource's identity, and how messages name it ("VirtualService voting/voting-app"). */
export interface Meta {
  readonly name: string;
  readonly namespace: string;
  readonly where: string;
}

/** The top level of a routing resource: only these keys, and `spec` is required. */
export function specOf(resource: Plain, meta: Meta, supported: readonly string[]): Plain {
  object(at(meta.where), resource, ["apiVersion", "kind", "metadata", "spec", "status"]);
  return object(at(meta.where, "spec"), resource.spec, supported);
}
