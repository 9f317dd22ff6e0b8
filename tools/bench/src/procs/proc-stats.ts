import { readFile } from "node:fs/promises";

export interface Resident {
  /** VmRSS, MB. */
  totalMb: number;
  /**
   * RssFile, MB: the part mapped from files, mostly the node binary's code and data once
   * touched. Every process of one image maps the same pages.
   */
  filesMb: number;
}

/** Resident memory of a process (/proc/<pid>/status), or undefined once it is gone. */
export async function resident(pid: number): Promise<Resident | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  const kb = (field: string) => status?.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m"))?.[1];
  const total = kb("VmRSS");
  if (total === undefined) return undefined;
  return { totalMb: Number(total) / 1024, filesMb: Number(kb("RssFile") ?? 0) / 1024 };
}

/** CPU time a process has used so far, in clock ticks (utime + stime of /proc/<pid>/stat). */
export async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return 0;
  // The command name may hold spaces and parentheses: the fields start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** Busy and total clock ticks of the whole machine so far (all cores, from /proc/stat). */
export async function machineTicks(): Promise<{ busy: number; total: number }> {
  const stat = await readFile("/proc/stat", "utf8");
  const values = stat.split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}
