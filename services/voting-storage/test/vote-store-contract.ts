import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { VoteStore } from "../src/vote-store.js";

/** What every VoteStore must do, run against each real backend. */
export function voteStoreContract(open: () => VoteStore) {
  const options = ["Cats", "Dogs"] as const;
  // Ids are kept a day: each run takes ids no other run has used.
  const run = randomUUID();

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

  it("when a vote with an id is cast twice, then it counts once", async () => {
    const store = open();
    const voteId = randomUUID();
    await store.vote("Cats", { voteId });
    await store.vote("Cats", { voteId });
    expect(await store.counts(options)).toEqual([1, 0]);
  });

  it("when 20 votes with one id are cast at once, then they count once and all resolve", async () => {
    const store = open();
    const voteId = randomUUID();
    await Promise.all(Array.from({ length: 20 }, () => store.vote("Dogs", { voteId })));
    expect(await store.counts(options)).toEqual([0, 1]);
  });

  it("when votes with different ids are cast, then each counts", async () => {
    const store = open();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.vote(i < 10 ? "Cats" : "Dogs", { voteId: `${run}-${i}` }),
      ),
    );
    expect(await store.counts(options)).toEqual([10, 20]);
  });

  it("when votes with and without ids arrive together, then each id counts once and each vote without one counts", async () => {
    const store = open();
    const votes = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? store.vote("Cats", { voteId: `${run}-${i % 4}` }) : store.vote("Dogs"),
    );
    await Promise.all(votes);
    expect(await store.counts(options)).toEqual([2, 20]);
  });

  it("when a vote with an id comes after the id was used, even for another option, then nothing counts", async () => {
    const store = open();
    const voteId = randomUUID();
    await store.vote("Cats", { voteId });
    await store.vote("Dogs", { voteId });
    expect(await store.counts(options)).toEqual([1, 0]);
  });

  it("when a reset with an id is sent again after new votes, then the second one resets nothing", async () => {
    const store = open();
    const voteId = randomUUID();
    await store.vote("Cats");
    await store.reset(options, { voteId });
    await store.vote("Dogs");
    await store.reset(options, { voteId });
    expect(await store.counts(options)).toEqual([0, 1]);
  });

  it("when an id was used for a vote, then a reset with the same id changes nothing", async () => {
    const store = open();
    const voteId = randomUUID();
    await store.vote("Cats", { voteId });
    await store.reset(options, { voteId });
    expect(await store.counts(options)).toEqual([1, 0]);
  });
}
