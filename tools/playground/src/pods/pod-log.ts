/** What a pod's container printed: the last lines, and followers that get each new one. */
export interface PodLog {
  write(line: string): void;
  lines(): readonly string[];
  /** How many lines were ever written: marks where a run of the container began. */
  readonly written: number;
  /** The last `count` lines written since line number `since`. */
  tailSince(since: number, count: number): readonly string[];
  /** Calls `onLine` with each line written from now on, `onEnd` when the pod is gone. */
  follow(onLine: (line: string) => void, onEnd: () => void): () => void;
  end(): void;
}

export function createPodLog(limit = 200): PodLog {
  const kept: string[] = [];
  const followers = new Set<{ onLine: (line: string) => void; onEnd: () => void }>();
  let written = 0;
  return {
    write(line) {
      written += 1;
      kept.push(line);
      if (kept.length > limit) kept.shift();
      for (const follower of followers) follower.onLine(line);
    },
    lines: () => [...kept],
    get written() {
      return written;
    },
    tailSince: (since, count) => kept.slice(kept.length - Math.min(count, written - since)),
    follow(onLine, onEnd) {
      const follower = { onLine, onEnd };
      followers.add(follower);
      return () => followers.delete(follower);
    },
    end() {
      for (const follower of followers) follower.onEnd();
      followers.clear();
    },
  };
}
