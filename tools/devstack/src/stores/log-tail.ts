import { open } from "node:fs/promises";

/** The last `lines` lines of a log file, or [] if it does not exist; reads at most 64 KiB. */
export async function readLogTail(path: string, lines = 20): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString("utf8").split("\n").filter(Boolean).slice(-lines);
  } finally {
    await handle.close();
  }
}
