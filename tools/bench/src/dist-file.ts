import { fileURLToPath } from "node:url";

/**
 * The compiled file of an entry point that runs as its own process. src/ and dist/ sit side by
 * side at the same depth, so this resolves to dist/ whether the caller runs from either.
 */
export function distFile(relative: string): string {
  return fileURLToPath(new URL(`../dist/${relative}`, import.meta.url));
}
