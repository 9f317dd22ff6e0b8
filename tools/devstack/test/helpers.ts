import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A fresh directory under the system's temp dir, and how to remove it. */
export async function tempDir(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `devstack-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export const FAKE_SERVICE = fileURLToPath(new URL("./fixtures/fake-service.mjs", import.meta.url));

/** Whether a process with this pid still exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
