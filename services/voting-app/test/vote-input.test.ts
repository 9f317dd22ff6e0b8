import { describe, expect, it } from "vitest";
import { HttpError } from "@voting/common";
import { parseVoteAction, VOTE_ID_PATTERN } from "../src/vote-input.js";

const OPTIONS = ["Cats", "Dogs"];
const UUID = "3f0c1d52-6a0e-4b7e-9d1c-2f7a8e5b4c39";

function refusal(act: () => unknown): { status: number; message: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("it was accepted");
}

// parseVoteAction reads the form as express.urlencoded hands it on: a string per field, an array
// for a repeated one.
describe("parseVoteAction and vote ids", () => {
  it("when no id comes, then the action has none", () => {
    expect(parseVoteAction({ vote: "Cats" }, OPTIONS)).toEqual({ kind: "vote", option: "Cats" });
    expect(parseVoteAction({ vote: "reset" }, OPTIONS)).toEqual({ kind: "reset" });
  });

  it("when the form has a vote_id, then the action carries it, for a vote or a reset", () => {
    expect(parseVoteAction({ vote: "Dogs", vote_id: UUID }, OPTIONS)).toEqual({
      kind: "vote",
      option: "Dogs",
      voteId: UUID,
    });
    expect(parseVoteAction({ vote_id: "a_B-9", vote: "reset" }, OPTIONS)).toEqual({
      kind: "reset",
      voteId: "a_B-9",
    });
  });

  it("when the id comes as an Idempotency-Key header, then the action carries it", () => {
    expect(parseVoteAction({ vote: "Cats" }, OPTIONS, UUID)).toEqual({
      kind: "vote",
      option: "Cats",
      voteId: UUID,
    });
  });

  it("when the field and the header carry the same id, then it is taken", () => {
    expect(parseVoteAction({ vote: "Cats", vote_id: UUID }, OPTIONS, UUID).voteId).toBe(UUID);
  });

  it("when the field and the header differ, then the answer is 400 naming both", () => {
    expect(refusal(() => parseVoteAction({ vote: "Cats", vote_id: "a" }, OPTIONS, "b"))).toEqual({
      status: 400,
      message: expect.stringMatching(
        /"vote_id" field and the Idempotency-Key header name different votes/,
      ),
    });
  });

  it.each([
    ["empty", ""],
    ["65 characters long", "a".repeat(65)],
    ["holding a space", "a b"],
    ["holding a dot", "a.b"],
    ["holding a non-ASCII letter", "é"],
    ["holding a quote and a tag", '"><b>'],
    ["not text (a nested field)", { x: "a" }],
  ])("when the vote_id field is %s, then the answer is 400 with the rule", (_case, field) => {
    expect(refusal(() => parseVoteAction({ vote: "Cats", vote_id: field }, OPTIONS))).toEqual({
      status: 400,
      message: 'The "vote_id" field must be 1 to 64 letters, digits, "-" or "_" (a UUID will do).',
    });
  });

  it("when vote_id is repeated, then the answer is 400", () => {
    expect(
      refusal(() => parseVoteAction({ vote: "Cats", vote_id: ["a", "a"] }, OPTIONS)).status,
    ).toBe(400);
  });

  it.each([
    ["empty", ""],
    ["too long", "x".repeat(65)],
    ["repeated (Node joins it with a comma)", "a, b"],
    ["a list", ["a", "b"]],
  ])("when the Idempotency-Key header is %s, then the answer is 400", (_case, header) => {
    expect(refusal(() => parseVoteAction({ vote: "Cats" }, OPTIONS, header))).toEqual({
      status: 400,
      message: expect.stringContaining("Idempotency-Key header must be 1 to 64"),
    });
  });

  it("when the vote itself is bad, then that is what the 400 says, whatever the id", () => {
    expect(
      refusal(() => parseVoteAction({ vote: "Birds", vote_id: " " }, OPTIONS)).message,
    ).toMatch(/"Birds" is not an option/);
  });

  it("when an id is 64 characters of every allowed kind, then it passes; 65 do not", () => {
    const id = "Az09_-".repeat(11).slice(0, 64);
    expect(VOTE_ID_PATTERN.test(id)).toBe(true);
    expect(VOTE_ID_PATTERN.test(`${id}a`)).toBe(false);
  });
});
