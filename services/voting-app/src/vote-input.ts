import { HttpError } from "@voting/common";

const MAX_FIELDS = 10;

export type VoteAction = { kind: "vote"; option: string } | { kind: "reset" };

/**
 * The `vote` field of a form body (`vote=Cats`), checked against the two options: nothing else is
 * ever written. Node's URLSearchParams reads the form; body-parser's urlencoded parser (qs) cost
 * a tenth of a vote's CPU to read this one field (docs/benchmarks.md).
 */
export function parseVoteAction(form: unknown, options: readonly string[]): VoteAction {
  const fields = new URLSearchParams(typeof form === "string" ? form : "");
  // A vote form has one field; the one or two a client adds are fine, a pile of them is not.
  if (fields.size > MAX_FIELDS) throw new HttpError(413, "Too many form fields for a vote.");
  const votes = fields.getAll("vote");
  const vote = votes.length === 1 ? votes[0] : undefined;
  if (vote === undefined) {
    throw new HttpError(400, `Send a form field "vote" with ${describe(options)}.`);
  }
  if (vote === "reset") return { kind: "reset" };
  if (options.includes(vote)) return { kind: "vote", option: vote };
  throw new HttpError(400, `"${truncate(vote)}" is not an option: vote for ${describe(options)}.`);
}

function describe(options: readonly string[]): string {
  return `${options.map((option) => `"${option}"`).join(" or ")}, or "reset"`;
}

function truncate(value: string): string {
  return value.length > 45 ? `${value.slice(0, 45)}…` : value;
}
