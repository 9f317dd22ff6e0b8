import type { ChildProcess } from "node:child_process";

// Children are started in their own process group (so a Ctrl-C in the terminal reaches only the
// launcher, which then stops them in order). The price is that nothing kills them if this process
// goes away, so every child is tracked here and killed when this process exits.
const tracked = new Set<ChildProcess>();
let hooksInstalled = false;

/** Makes sure `child` (started with `detached: true`) does not outlive this process. */
export function trackChild(child: ChildProcess): void {
  installHooks();
  tracked.add(child);
  child.once("exit", () => tracked.delete(child));
}

/** Signals a child's whole process group; a child that is already gone is not an error. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    try {
      return child.kill(signal);
    } catch {
      return false;
    }
  }
}

function killAll(): void {
  for (const child of tracked) signalGroup(child, "SIGKILL");
  tracked.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      // Another handler (the launcher's orderly shutdown) owns this signal: leave it to that.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      // Nobody else handles the signal, so restore what it would have done without us: die by it.
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
