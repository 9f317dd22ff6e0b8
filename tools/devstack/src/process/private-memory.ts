import { readFile } from "node:fs/promises";

/**
 * The memory a process alone holds, in bytes: Private_Clean + Private_Dirty of
 * /proc/<pid>/smaps_rollup. Unlike RSS it leaves out the pages shared with other processes
 * (Node's binary and libraries), so it moves only with what the process itself allocates.
 * Undefined once the process is gone.
 */
export async function privateMemory(pid: number): Promise<number | undefined> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => undefined);
  if (rollup === undefined) return undefined;
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? NaN);
  const total = kilobytes("Private_Clean") + kilobytes("Private_Dirty");
  if (Number.isNaN(total)) throw new Error(`/proc/${pid}/smaps_rollup has no Private_* lines`);
  return total * 1024;
}
