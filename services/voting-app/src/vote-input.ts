import { HttpError } from "@voting/common";

/** A vote form has two fields; the one or two a client adds are fine, a pile of them is not. */
export const MAX_FORM_FIELDS = 10;

/** The form field that names one vote: the page puts a fresh id in it each time it is rendered. */
export const VOTE_ID_FIELD = "vote_id";
/** The header that does the same for clients that post without the page. */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
/** What an id may be: 1 to 64 letters, digits, `-` or `_`. A UUID is one. */
export const VOTE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const VOTE_ID_RULE = 'must be 1 to 64 letters, digits, "-" or "_" (a UUID will do)';

/** What a POST / asks for; with `voteId`, a retry of the same request counts once. */
export type VoteAction = ({ kind: "vote"; option: string } | { kind: "reset" }) & {
  voteId?: string;
};

/**
 * The `vote` field of a form body, as express.urlencoded parsed it, checked against the two
 * options: nothing else is ever written.
 *
 * The vote's id, if any, is the `vote_id` field or the `Idempotency-Key` header; when both come
 * they must agree, since a request cannot be two votes.
 */
export function parseVoteAction(
  form: unknown,
  options: readonly string[],
  idempotencyKey?: string | string[],
): VoteAction {
  const fields = (typeof form === "object" && form !== null ? form : {}) as Record<string, unknown>;
  const action = parseVote(valuesOf(fields, "vote"), options);
  const voteId = parseVoteId(valuesOf(fields, VOTE_ID_FIELD), idempotencyKey);
  return voteId === undefined ? action : { ...action, voteId };
}

/** A field's values: none, one, or several when it was repeated (which is never right here). */
function valuesOf(fields: Record<string, unknown>, name: string): unknown[] {
  const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function parseVote(votes: unknown[], options: readonly string[]): VoteAction {
  const vote = votes.length === 1 && typeof votes[0] === "string" ? votes[0] : undefined;
  if (vote === undefined) {
    throw new HttpError(400, `Send a form field "vote" with ${describe(options)}.`);
  }
  if (vote === "reset") return { kind: "reset" };
  if (options.includes(vote)) return { kind: "vote", option: vote };
  throw new HttpError(400, `"${truncate(vote)}" is not an option: vote for ${describe(options)}.`);
}

function parseVoteId(
  fromForm: unknown[],
  fromHeader: string | string[] | undefined,
): string | undefined {
  if (fromForm.length > 1) throw new HttpError(400, `Send at most one "${VOTE_ID_FIELD}" field.`);
  const field = fromForm[0];
  if (field !== undefined && (typeof field !== "string" || !VOTE_ID_PATTERN.test(field))) {
    throw new HttpError(400, `The "${VOTE_ID_FIELD}" field ${VOTE_ID_RULE}.`);
  }
  if (fromHeader === undefined) return field;
  // Node joins a repeated header with ", ", which no id contains: repeats are refused here too.
  const header = Array.isArray(fromHeader) ? fromHeader.join(", ") : fromHeader;
  if (!VOTE_ID_PATTERN.test(header)) {
    throw new HttpError(400, `The Idempotency-Key header ${VOTE_ID_RULE}.`);
  }
  if (field !== undefined && field !== header) {
    throw new HttpError(
      400,
      `The "${VOTE_ID_FIELD}" field and the Idempotency-Key header name different votes: send one of them, or the same id in both.`,
    );
  }
  return header;
}

function describe(options: readonly string[]): string {
  return `${options.map((option) => `"${option}"`).join(" or ")}, or "reset"`;
}

function truncate(value: string): string {
  return value.length > 45 ? `${value.slice(0, 45)}…` : value;
}
