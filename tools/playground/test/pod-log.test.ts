import { appendFileSync, existsSync, mkdtempSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createPodLog } from "../src/pods/pod-log.js";

const DIR = mkdtempSync(join(tmpdir(), "pod-log-test-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

let pods = 0;
function newLog() {
  pods += 1;
  const log = createPodLog(join(DIR, `voting_pod-${pods}`, "app.log"));
  const write = (text: string) => appendFileSync(log.path, text);
  return { log, write };
}

describe("a pod's log file", () => {
  it("when the container wrote lines, then logs are those lines, without the newline of the last", () => {
    const { log, write } = newLog();
    expect(log.lines()).toEqual([]);
    write("first\nsecond\n");
    expect(log.lines()).toEqual(["first", "second"]);
    log.end();
  });

  it("when it wrote more than 200 lines, then logs are the last 200", () => {
    const { log, write } = newLog();
    write(Array.from({ length: 250 }, (_, i) => `line ${i}\n`).join(""));
    const lines = log.lines();
    expect(lines).toHaveLength(200);
    expect(lines[0]).toBe("line 50");
    expect(lines.at(-1)).toBe("line 249");
    log.end();
  });

  it("when the file is larger than what is read back, then no line is shown cut", () => {
    const { log, write } = newLog();
    // 300 lines of 1 KiB: the last 256 KiB start inside a line.
    const long = "x".repeat(1023);
    write(Array.from({ length: 300 }, (_, i) => `${i} ${long}\n`).join(""));
    const lines = log.lines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d+ x{1023}$/);
    expect(lines.at(-1)!.startsWith("299 ")).toBe(true);
    log.end();
  });

  it("when a second run of the container wrote lines, then the tail since its mark is that run's only", () => {
    const { log, write } = newLog();
    write("run 1: starting\nrun 1: crashed\n");
    const mark = log.mark();
    write("run 2: starting\nrun 2: bad config\n");
    expect(log.tailSince(mark, 2)).toEqual(["run 2: starting", "run 2: bad config"]);
    expect(log.tailSince(mark, 1)).toEqual(["run 2: bad config"]);
    log.end();
  });

  it("when it is followed, then each line written after is delivered once, a line written in two parts whole", () => {
    // The follower reads the file on an interval: fake timers run its reads one by one.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { log, write } = newLog();
      write("before\n");
      const seen: string[] = [];
      const stop = log.follow(
        (line) => seen.push(line),
        () => {},
      );
      write("one\ntw");
      vi.advanceTimersByTime(1000);
      expect(seen).toEqual(["one"]);
      write("o\nthree\n");
      vi.advanceTimersByTime(1000);
      expect(seen).toEqual(["one", "two", "three"]);
      stop();
      write("after stop\n");
      vi.advanceTimersByTime(1000);
      expect(seen).toEqual(["one", "two", "three"]);
      log.end();
    } finally {
      vi.useRealTimers();
    }
  });

  it("when the file was rotated (truncated), then a follower goes on from its new start", async () => {
    const { log, write } = newLog();
    write("old line 1\nold line 2\n");
    const seen: string[] = [];
    log.follow(
      (line) => seen.push(line),
      () => {},
    );
    truncateSync(log.path, 0);
    write("new\n");
    await expect.poll(() => seen).toEqual(["new"]);
    log.end();
  });

  it("when the file grows past the rotation size, then it starts again and the lines after it are shown", async () => {
    pods += 1;
    const log = createPodLog(join(DIR, `voting_pod-${pods}`, "app.log"), {
      maxBytes: 1024,
      checkEveryMs: 20,
    });
    appendFileSync(log.path, "x".repeat(2000) + "\n");
    await expect.poll(() => log.mark()).toBe(0);
    appendFileSync(log.path, "after rotation\n");
    expect(log.lines()).toEqual(["after rotation"]);
    log.end();
  });

  it("when the pod is gone, then followers get what was written last and the end, and its folder is removed", () => {
    const { log, write } = newLog();
    const seen: string[] = [];
    let ended = false;
    log.follow(
      (line) => seen.push(line),
      () => (ended = true),
    );
    write("last words\n");
    log.end();
    expect(seen).toEqual(["last words"]);
    expect(ended).toBe(true);
    expect(existsSync(dirname(log.path))).toBe(false);
    let endedLater = false;
    log.follow(
      () => {},
      () => (endedLater = true),
    );
    expect(endedLater).toBe(true);
  });
});
