import { expect, it } from "vitest";
import type { VoteStore } from "../src/vote-store.js";

/** What every VoteStore must do, run against each real backend. */
export function voteStoreContract(open: () => VoteStore) {
  const options = ["Cats", "Dogs"] as const;

  it("when nothing is voted, then both counts are 0", async () => {
    expect(await open().counts(options)).toEqual([0, 0]);
  });

  it("when votes are cast, then each option counts its own", async () => {
    const store = open();
    await store.vote("Cats");
    await store.vote("Dogs");
    await store.vote("Dogs");
    expect(await store.counts(options)).toEqual([1, 2]);
  });

  it("when reset, then both counts are 0 and voting starts again from there", async () => {
    const store = open();
    await store.vote("Cats");
    await store.reset(options);
    expect(await store.counts(options)).toEqual([0, 0]);
    await store.vote("Cats");
    expect(await store.counts(options)).toEqual([1, 0]);
  });

  it("when many votes are cast at once, then none is lost", async () => {
    const store = open();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.vote(i % 4 === 0 ? "Cats" : "Dogs")),
    );
    expect(await store.counts(options)).toEqual([50, 150]);
  });

  it("when an option has a non-ASCII name, then it is counted under that exact name", async () => {
    const store = open();
    await store.vote("Crème brûlée");
    await store.vote("Crème brûlée");
    expect(await store.counts(["Crème brûlée", "Creme brulee"])).toEqual([2, 0]);
  });

  it("when the backend answers, then ping resolves", async () => {
    await expect(open().ping()).resolves.toBeUndefined();
  });
}
