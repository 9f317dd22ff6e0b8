import express, { type RequestHandler } from "express";
import getRawBody from "raw-body";

const FORM_TYPE = "application/x-www-form-urlencoded";
// A vote form is a few bytes; anything much larger is not one.
const FORM_LIMIT = "2kb";

/**
 * Reads a vote form into `req.body` as text, for parseVoteAction; a body of another type is left
 * unread.
 *
 * The form as browsers and curl send it, with exactly this content type and not compressed, is
 * read by raw-body alone. Anything else goes through body-parser, which also understands other
 * spellings of the type, other charsets and compressed bodies. For the plain form, body-parser's
 * type matching, charset lookup and decoder were 8% of a vote's CPU (docs/benchmarks.md).
 */
export function readVoteForm(): RequestHandler {
  const anyForm = express.text({ type: FORM_TYPE, limit: FORM_LIMIT });
  return (req, res, next) => {
    const plain =
      req.headers["content-type"] === FORM_TYPE && req.headers["content-encoding"] === undefined;
    if (!plain) return anyForm(req, res, next);
    getRawBody(req, {
      limit: FORM_LIMIT,
      length: req.headers["content-length"],
      encoding: "utf-8",
    }).then(
      (text) => {
        req.body = text;
        next();
      },
      // A refused body is left to Node, which reads off the rest once the answer is sent.
      next,
    );
  };
}
