import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Finds an executable by name; injectable so tests can pretend a server is not installed. */
export type FindBinary = (name: string) => string | undefined;

// Server binaries live in sbin on Debian, which an ordinary user's PATH often lacks, and under
// Homebrew's prefixes on macOS.
const EXTRA_DIRS = [
  "/usr/sbin",
  "/usr/local/sbin",
  "/usr/local/bin",
  "/opt/homebrew/bin",
  "/opt/homebrew/sbin",
];

export function findBinaryOnPath(
  name: string,
  pathVariable = process.env.PATH ?? "",
): string | undefined {
  const dirs = [...pathVariable.split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The first of `names` that is installed. */
export function findFirst(findBinary: FindBinary, names: readonly string[]): string | undefined {
  for (const name of names) {
    const found = findBinary(name);
    if (found) return found;
  }
  return undefined;
}
