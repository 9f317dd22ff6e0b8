import type { ErrorRequestHandler, RequestHandler } from "express";
import { HttpError, publicMessage, statusOf } from "./errors.js";

/** The 404 at the end of every router chain. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `Nothing here: ${req.method} ${req.path}`));
};

/**
 * The one error handler: hands the error to the request log and answers through `render`,
 * HTML in the app and JSON in analytics. No stack trace ever reaches the client.
 */
export function errorHandler(
  render: (res: Parameters<ErrorRequestHandler>[2], status: number, message: string) => void,
): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    // The request log writes it once, with the request id, when the response finishes:
    // a server fault with its cause and stack, a refused request with its reason only.
    if (status >= 500) (res as { err?: unknown }).err = error;
    else res.locals.refusal = publicMessage(error);
    res.status(status);
    if (status === 503) res.setHeader("retry-after", "1");
    render(res, status, publicMessage(error));
  };
}
