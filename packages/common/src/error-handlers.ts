import type { ErrorRequestHandler, RequestHandler } from "express";
import { HttpError, publicMessage, statusOf } from "./errors.js";

/** The 404 at the end of every router chain. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `Nothing here: ${req.method} ${req.path}`));
};

/**
 * The one error handler: logs once (server errors with their cause) and answers through `render`,
 * HTML in the app and JSON in analytics. No stack trace ever reaches the client.
 */
export function errorHandler(
  render: (res: Parameters<ErrorRequestHandler>[2], status: number, message: string) => void,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    const log = req.log;
    if (status >= 500) log?.error({ err: error }, "request failed");
    else log?.warn({ status, reason: error instanceof Error ? error.message : String(error) }, "request refused");
    res.status(status);
    if (status === 503) res.setHeader("retry-after", "1");
    render(res, status, publicMessage(error));
  };
}
