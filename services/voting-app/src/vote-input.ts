import { HttpError } from "@voting/common";

export type VoteAction = { kind: "vote"; option: string } | { kind: "reset" };

/** The `vote` form field, checked against the two options: nothing else is ever written. */
export function parseVoteAction(body: unknown, options: readonly string[]): VoteAction {
  const vote = (body as { vote?: unknown } | undefined)?.vote;
  if (typeof vote !== "string") {
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
