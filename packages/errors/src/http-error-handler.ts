import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from './app-error';
import { fromDataException, fromUnavailableDependency } from './dependency-errors';
import { toProblem } from './problem';

interface LoggerLike {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Body-parser errors carry a `type`; map them to our codes so bad input never becomes a 500. */
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('HTTP.MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('HTTP.PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'The request encoding is not supported');
    default:
      return undefined;
  }
}

/** The one error middleware: every failure leaves as problem+json, never a stack trace. */
export function problemErrorHandler(logger: LoggerLike): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const mapped =
      error instanceof AppError
        ? error
        : (fromBodyParser(error) ?? fromUnavailableDependency(error) ?? fromDataException(error) ?? error);
    const problem = toProblem(mapped, req.originalUrl);
    if (problem.status >= 500) logger.error({ err: error }, 'request failed');
    else logger.warn({ code: problem.code, status: problem.status }, problem.detail);
    if (mapped instanceof AppError && mapped.retryAfter !== undefined) {
      res.setHeader('Retry-After', String(mapped.retryAfter));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('HTTP.NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
