import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The monorepo's root: this file sits in tools/devstack/{src,dist}/. */
export function repoRoot(): string {
  return fileURLToPath(new URL("../../../", import.meta.url));
}

/** Where private stores keep their data: `<repo>/.local/<name>`, which git ignores. */
export function localDataDir(name: string): string {
  return join(repoRoot(), ".local", name);
}
