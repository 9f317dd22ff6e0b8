import { describe, expect, it } from "vitest";
import { shareReadsOfOneTurn } from "../src/shared-reads.js";

/** A store whose counter moves on every vote, and which counts the reads it serves. */
function fakeStore() {
  const state = { votes: 0, reads: 0, pending: [] as (() => void)[] };
  const read = (options: readonly string[]) => {
    state.reads++;
    // The value is taken when the read starts, as a store would.
    const value = options.map(() => state.votes);
    return new Promise<number[]>((resolve) => state.pending.push(() => resolve(value)));
  };
  const finishReads = () => state.pending.splice(0).forEach((finish) => finish());
  return { state, read, finishReads };
}

describe("shareReadsOfOneTurn", () => {
  it("when counts are asked for in one turn, then the store is read once and all get its answer", async () => {
    const store = fakeStore();
    const counts = shareReadsOfOneTurn(store.read);
    store.state.votes = 3;
    const asked = [counts(["Cats", "Dogs"]), counts(["Cats", "Dogs"]), counts(["Cats", "Dogs"])];
    await new Promise((resolve) => setImmediate(resolve));
    store.finishReads();
    expect(await Promise.all(asked)).toEqual(Array(3).fill([3, 3]));
    expect(store.state.reads).toBe(1);
  });

  it("when counts are asked for while a read is under way, then they get a read of their own that sees later votes", async () => {
    const store = fakeStore();
    const counts = shareReadsOfOneTurn(store.read);
    const first = counts(["Cats", "Dogs"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.state.reads).toBe(1);
    store.state.votes = 1; // acknowledged after the first read started
    const second = counts(["Cats", "Dogs"]);
    await new Promise((resolve) => setImmediate(resolve));
    store.finishReads();
    expect(await first).toEqual([0, 0]);
    expect(await second).toEqual([1, 1]);
    expect(store.state.reads).toBe(2);
  });

  it("when different options are asked for in one turn, then each set is read once", async () => {
    const store = fakeStore();
    const counts = shareReadsOfOneTurn(store.read);
    const asked = [counts(["a", "b"]), counts(["c", "d"]), counts(["a", "b"])];
    await new Promise((resolve) => setImmediate(resolve));
    store.finishReads();
    await Promise.all(asked);
    expect(store.state.reads).toBe(2);
  });

  it("when the read fails, then every caller of that turn gets the failure and the next turn reads again", async () => {
    let reads = 0;
    const counts = shareReadsOfOneTurn(async () => {
      reads++;
      if (reads === 1) throw new Error("store away");
      return [5, 6];
    });
    const failed = await Promise.allSettled([counts(["Cats", "Dogs"]), counts(["Cats", "Dogs"])]);
    expect(failed.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(await counts(["Cats", "Dogs"])).toEqual([5, 6]);
    expect(reads).toBe(2);
  });
});
