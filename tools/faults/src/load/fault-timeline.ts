import type { Window } from "./stats.js";
import { now, sleep, waitFor } from "./clock.js";

/** Something that breaks a dependency, and undoes it. */
export interface Fault {
  /** "Redis paused", "analytics killed" */
  name: string;
  /** The least time it must last to mean anything (a hang shorter than a deadline is a delay). */
  minMs?: number;
  inject(): Promise<void> | void;
  heal(): Promise<void> | void;
}

export interface FaultWindow extends Window {
  /** From the heal to the first success that started after it; null if none came in time. */
  recoveryMs: number | null;
}

export interface TimelineOptions {
  /** Load without faults before, between and after them. */
  steadyMs: number;
  faultMs: number;
  /** Whether the service has served something that started at or after `since` successfully. */
  recoveredSince: (since: number) => boolean;
  recoveryTimeoutMs: number;
}

/**
 * steady, fault 1, heal, recovery, steady, fault 2, ... steady. The load runs the whole time;
 * the windows say when each fault was on, from its injection to the end of its heal.
 */
export async function runFaultTimeline(
  faults: readonly Fault[],
  options: TimelineOptions,
): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = [];
  await sleep(options.steadyMs);
  for (const fault of faults) {
    const from = now();
    await fault.inject();
    await sleep(Math.max(options.faultMs, fault.minMs ?? 0));
    await fault.heal();
    const to = now();
    const recoveryMs = await waitFor(() => options.recoveredSince(to), options.recoveryTimeoutMs);
    windows.push({ name: fault.name, from, to, recoveryMs });
    await sleep(options.steadyMs);
  }
  return windows;
}
