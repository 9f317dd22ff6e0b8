/** The one error type the services throw: it carries the HTTP status its answer should have. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra detail for the log only; never sent to the client. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "HttpError";
  }
}

/** Thrown when a backend (Redis, MySQL, analytics) cannot answer; maps to 503. */
export class UnavailableError extends HttpError {
  constructor(what: string, cause?: unknown) {
    super(503, `${what} is unavailable right now. Please try again in a moment.`, { cause });
    this.name = "UnavailableError";
  }
}

export function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  // body-parser and other http-errors style errors carry a status of their own.
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/** What Express's body parsers mean by the `type` of the errors they raise, said to a client. */
const BODY_PARSER_ERRORS: Record<string, string> = {
  "entity.too.large": "The request body is too large.",
  "parameters.too.many": "The form has too many fields.",
  "charset.unsupported": "The form's charset is not supported: send it as UTF-8.",
  "encoding.unsupported": "The body's content encoding is not supported.",
};

/** A message that is safe to show: our own messages, or a generic one for anything unexpected. */
export function publicMessage(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === "string" && Object.hasOwn(BODY_PARSER_ERRORS, type)) {
    return BODY_PARSER_ERRORS[type]!;
  }
  const status = statusOf(error);
  if (status === 413) return "The request body is too large.";
  if (status < 500) return "The request could not be understood.";
  return "Something went wrong on our side.";
}
