import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, truncateSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A pod's container log, kept as the kubelet keeps it: a file the container's stdout and stderr
 * are written to directly, read only when `kubectl logs` asks. Nothing of the playground sits on
 * the path of each line the service writes.
 */
export interface PodLog {
  /** The file the container writes to. */
  readonly path: string;
  /** Where the file ends now: marks where a run of the container began. */
  mark(): number;
  /** The last lines written (at most LOG_LINES). */
  lines(): readonly string[];
  /** The last `count` lines written since `mark`. */
  tailSince(mark: number, count: number): readonly string[];
  /** Calls `onLine` with each line written from now on, `onEnd` when the pod is gone. */
  follow(onLine: (line: string) => void, onEnd: () => void): () => void;
  /** The pod is gone: followers are told, and the file is removed. */
  end(): void;
}

/** How many lines `kubectl logs` shows at most, and how far back it reads for them. */
const LOG_LINES = 200;
const TAIL_BYTES = 256 * 1024;
const FOLLOW_INTERVAL_MS = 100;

export interface Rotation {
  /** Past this size the file starts again: the kubelet's containerLogMaxSize, 10 MiB. */
  maxBytes: number;
  /** How often the size is looked at. */
  checkEveryMs: number;
}

const KUBELET_ROTATION: Rotation = { maxBytes: 10 * 1024 * 1024, checkEveryMs: 5_000 };

export function createPodLog(path: string, rotation: Rotation = KUBELET_ROTATION): PodLog {
  mkdirSync(dirname(path), { recursive: true });
  closeSync(openSync(path, "a"));
  const followers = new Set<{ stop: (readLast: boolean) => void; onEnd: () => void }>();
  let ended = false;
  // Rotated by truncation: the container appends (O_APPEND), so its next line starts the file again.
  const rotating = setInterval(() => {
    if (sizeOf(path) > rotation.maxBytes) truncateSync(path, 0);
  }, rotation.checkEveryMs);
  rotating.unref();

  return {
    path,
    mark: () => sizeOf(path),
    lines: () => {
      // Read back far enough for the lines shown; the first line read may be cut, so it is left out.
      const from = Math.max(0, sizeOf(path) - TAIL_BYTES);
      return lastLines(path, from, LOG_LINES, from > 0);
    },
    tailSince: (mark, count) => lastLines(path, mark, count, false),
    follow(onLine, onEnd) {
      if (ended) {
        onEnd();
        return () => {};
      }
      const stop = followFile(path, onLine);
      const follower = { stop, onEnd };
      followers.add(follower);
      return () => {
        stop(false);
        followers.delete(follower);
      };
    },
    end() {
      if (ended) return;
      ended = true;
      clearInterval(rotating);
      for (const follower of followers) {
        follower.stop(true);
        follower.onEnd();
      }
      followers.clear();
      rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The bytes of `path` from `from` to its end; from its start if it was truncated (rotated) since,
 * which `restarted` says.
 */
function readFrom(path: string, from: number): { text: string; end: number; restarted: boolean } {
  const size = sizeOf(path);
  const restarted = from > size;
  const start = restarted ? 0 : from;
  if (size === start) return { text: "", end: size, restarted };
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(path, "r");
  try {
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return { text: buffer.subarray(0, read).toString("utf8"), end: start + read, restarted };
  } catch {
    return { text: "", end: start, restarted };
  } finally {
    closeSync(fd);
  }
}

/** The last `count` lines from `from` on, the first one left out when `from` cut it. */
function lastLines(path: string, from: number, count: number, firstIsCut: boolean): string[] {
  const { text } = readFrom(path, from);
  const lines = text.split("\n");
  if (firstIsCut) lines.shift();
  if (lines.at(-1) === "") lines.pop();
  return count > 0 ? lines.slice(-count) : [];
}

/**
 * Calls `onLine` with each whole line appended to `path` from now on; returns how to stop, after
 * one last read when the writer is gone (`readLast`).
 */
function followFile(path: string, onLine: (line: string) => void): (readLast: boolean) => void {
  let offset = sizeOf(path);
  let partial = "";
  const poll = () => {
    const { text, end, restarted } = readFrom(path, offset);
    // Rotated: what was written since starts the file, and the cut line is gone with the rest.
    if (restarted) partial = "";
    offset = end;
    if (!text) return;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
  const timer = setInterval(poll, FOLLOW_INTERVAL_MS);
  return (readLast) => {
    clearInterval(timer);
    if (readLast) poll();
  };
}
