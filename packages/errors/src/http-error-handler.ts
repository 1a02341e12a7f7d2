import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from './app-error';
import type { ProblemTypes } from './problem-types';
import { reportError, type LoggerLike } from './report-error';

/** The one error middleware: every failure leaves as problem+json, never a stack trace. */
export function problemErrorHandler(
  logger: LoggerLike,
  options: { problemTypes?: ProblemTypes } = {},
): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { mapped, problem } = reportError(logger, error, {
      where: 'request',
      instance: req.originalUrl,
      problemTypes: options.problemTypes,
    });
    if (mapped instanceof AppError && mapped.retryAfter !== undefined) {
      res.setHeader('Retry-After', String(mapped.retryAfter));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('HTTP.NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
