import { Refused } from "./errors.js";

/**
 * Which fields of a resource the playground knows. `used`: read and acted on (its reader checks
 * the value). `inert`: accepted and has no effect on one machine (probes, resources, volumes,
 * security contexts); it is not looked into. An object lists its keys; `[shape]` is a list.
 * Any key not listed is refused.
 */
export type Shape = "used" | "inert" | { readonly [key: string]: Shape } | readonly [Shape];

/** Throws Refused naming the first field of `value` that `shape` does not list. */
export function checkShape(value: unknown, shape: Shape, where: string, path = ""): void {
  if (shape === "used" || shape === "inert" || value === undefined || value === null) return;
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) throw new Refused(`${where}: ${path} must be a list`);
    value.forEach((item, index) => checkShape(item, shape[0], where, `${path}[${index}]`));
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new Refused(`${where}: ${path || "(resource)"} must be an object`);
  }
  const known = shape as { readonly [key: string]: Shape };
  for (const [key, entry] of Object.entries(value)) {
    const entryPath = path ? `${path}.${key}` : key;
    const entryShape = known[key];
    if (entryShape === undefined)
      throw new Refused(`${where}: ${entryPath} is not supported by the playground`);
    checkShape(entry, entryShape, where, entryPath);
  }
}
