import type { RawAnswer, RawRequest } from "../../net/raw-http.js";

export type Target = "app" | "analytics";

export type Category =
  | "vote value"
  | "form body"
  | "encoding"
  | "content type"
  | "oversized body"
  | "cookie"
  | "header"
  | "path"
  | "method"
  | "abandoned request";

/**
 * What a correct service does with the input:
 * - refuse: a 4xx;
 * - vote: a 302 that counts one vote for `option`;
 * - maybe-vote: either of those (content types and encodings a service may or may not accept);
 * - answer: any deliberate 2xx, 3xx or 4xx;
 * - abandon: the client hangs up mid-request, so no answer is expected.
 */
export type Expectation =
  | { kind: "refuse" }
  | { kind: "vote"; option: 0 | 1 }
  | { kind: "maybe-vote"; option: 0 | 1 }
  | { kind: "answer" }
  | { kind: "abandon" };

export interface HostileCase {
  category: Category;
  /** Short, for reports: "vote value \"Cats \"". */
  name: string;
  target: Target;
  request: RawRequest;
  /** Bytes sent exactly as they are, instead of `request` (for requests cut short). */
  raw?: string;
  expect: Expectation;
  /** Closing the connection instead of answering is a fair refusal here (e.g. a huge body). */
  mayClose?: boolean;
}

/** Text that must never appear in an answer: it comes from files outside the static folder. */
const FORBIDDEN_CONTENT = [
  '"@voting/app"',
  '"workspaces"',
  "createVotingApp",
  "sourceMappingURL",
  "<%=",
  "root:x:0:0",
];

/** Headers an attacker tried to smuggle into our answers. */
const INJECTED_HEADERS = /^(x-injected|set-cookie: *injected)/m;

/** Why the answer breaks the case's expectation, or null when it is a deliberate one. */
export function judge(hostile: HostileCase, answer: RawAnswer): string | null {
  const { expect } = hostile;
  if (expect.kind === "abandon") return null;
  if (answer.outcome === "timeout") return `no answer within ${Math.round(answer.ms)} ms`;
  if (answer.status === null) {
    return hostile.mayClose ? null : "the connection was closed without an answer";
  }
  const { status } = answer;
  if (status >= 500) return `answered ${status}`;
  if (INJECTED_HEADERS.test(answer.head)) return "an injected header came back in the answer";
  const leaked = FORBIDDEN_CONTENT.find((text) => answer.body.includes(text));
  if (leaked !== undefined) return `the answer contains ${leaked}: a file outside /static leaked`;
  if (status < 200) return `answered ${status}`;
  const refused = status >= 400;
  if (expect.kind === "refuse" && !refused) return `answered ${status} instead of refusing`;
  if (expect.kind === "vote" && status !== 302) return `answered ${status} instead of 302`;
  if (expect.kind === "maybe-vote" && !refused && status !== 302) {
    return `answered ${status}: neither a vote nor a refusal`;
  }
  return null;
}

/** The option a case's answer counted a vote for, if it did. */
export function countedVote(hostile: HostileCase, answer: RawAnswer): 0 | 1 | null {
  const { expect } = hostile;
  if ((expect.kind === "vote" || expect.kind === "maybe-vote") && answer.status === 302) {
    return expect.option;
  }
  return null;
}

/** A form post to `/` as a browser sends it, with the given raw body. */
export function formPost(
  body: string | Buffer,
  headers: readonly (readonly [string, string])[] = [
    ["Content-Type", "application/x-www-form-urlencoded"],
  ],
): RawRequest {
  return { method: "POST", target: "/", headers, body };
}

/** Percent-encodes every byte of the UTF-8 form of `value`. */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, "utf8")]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");
}
