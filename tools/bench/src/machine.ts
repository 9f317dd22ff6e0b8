import { readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { Machine } from "./results.js";

/** What the figures were measured on. */
export function machine(): Machine {
  return {
    cores: cpus().length,
    cpuModel: cpuModel(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
  };
}

function cpuModel(): string {
  try {
    const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    return cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? "unknown";
  } catch {
    return cpus()[0]?.model ?? "unknown";
  }
}
