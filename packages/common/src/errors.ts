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

/** A message that is safe to show: our own messages, or a generic one for anything unexpected. */
export function publicMessage(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  const status = statusOf(error);
  if (status === 413) return "The request body is too large.";
  if (status < 500) return "The request could not be understood.";
  return "Something went wrong on our side.";
}
