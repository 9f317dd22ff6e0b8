// The child's end of the lifeline that makes every child of `startChild` die with its parent,
// however the parent ends, SIGKILL included. Node has no PR_SET_PDEATHSIG, and a process killed by
// SIGKILL runs no exit handler, so the parent cannot see to it. Instead the parent gives each child
// a pipe on fd 3 whose other end only the parent holds (Node opens its own ends close-on-exec).
// The kernel closes that end when the parent dies, so the child's end reads end-of-file: then the
// child is stopped as a stop() would (SIGTERM, SIGKILL after LIFELINE_GRACE_MS). A chain
// (playground → stack launcher → services) unwinds level by level, each child that stops closing
// its own children's lifelines.
//
// This file has two roles:
// - preloaded into a Node child (`node --import lifeline.js script.js`: the services, the stack
//   launcher): on end-of-file the process sends itself SIGTERM, so its own shutdown runs;
// - run as a watchdog for any other program (`node lifeline.js COMMAND ARGS...`: redis-server,
//   mariadbd): it starts the program in a process group of its own, tells the parent the
//   program's pid over the pipe, stops the program on end-of-file, and exits as the program did.
//
// It imports nothing of this package: from src/ it runs through Node's type stripping.
import { spawn } from "node:child_process";
import { fstatSync, realpathSync, writeSync } from "node:fs";
import { Socket } from "node:net";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

const LIFELINE_FD = 3;
const LIFELINE_GRACE_MS = 3000;

/** Calls `gone` once, when the parent's end of fd 3 closes; does not keep this process alive. */
function onParentGone(gone: () => void): void {
  let link: Socket;
  try {
    if (!fstatSync(LIFELINE_FD).isSocket()) return;
    link = new Socket({ fd: LIFELINE_FD, readable: true, writable: true });
  } catch {
    return;
  }
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    gone();
  };
  link.on("end", once).on("close", once).on("error", once).resume();
  link.unref();
}

/** SIGTERM (with SIGCONT, so a paused process can act on it), then SIGKILL after the grace. */
function stopWithin(signal: (name: NodeJS.Signals) => void): void {
  signal("SIGTERM");
  signal("SIGCONT");
  setTimeout(() => signal("SIGKILL"), LIFELINE_GRACE_MS).unref();
}

function runWatchdog(command: string, args: readonly string[]): void {
  const program = spawn(command, args, {
    stdio: ["ignore", "inherit", "inherit", "ignore"],
    detached: true,
  });
  const signalProgram = (name: NodeJS.Signals) => {
    try {
      process.kill(-program.pid!, name);
    } catch {
      // already gone
    }
  };
  const tellParent = (message: object) => {
    try {
      writeSync(LIFELINE_FD, `${JSON.stringify(message)}\n`);
    } catch {
      // The parent is gone already: end-of-file is on its way.
    }
  };
  program.once("error", (error) => {
    tellParent({ error: error.message });
    process.exit(127);
  });
  program.once("spawn", () => tellParent({ pid: program.pid }));
  program.once("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
  });
  for (const name of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(name, () => signalProgram(name));
  }
  onParentGone(() => stopWithin(signalProgram));
}

function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error("usage: node lifeline.js COMMAND [ARGS...]");
  runWatchdog(command, args);
} else {
  onParentGone(() => stopWithin((name) => process.kill(process.pid, name)));
}
