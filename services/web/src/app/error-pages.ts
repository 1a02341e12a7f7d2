import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, problemTypeOf } from '@lmp/errors';
import { webProblemTypes } from '../domain/web-errors';
import type { Logger } from '@lmp/logger';
import { sendStatusPage } from './status-pages';
import { webLocals } from './web-context';

const userOf = (res: Parameters<RequestHandler>[1]) => {
  const session = (res.locals.web as ReturnType<typeof webLocals> | undefined)?.session;
  return session ? { name: session.name, role: session.role } : null;
};

/** Any path no page knows: the 404 page (HTML, not problem+json: browsers land here). */
export function notFoundPage(): RequestHandler {
  return (_req, res) => sendStatusPage(res, 404, { user: userOf(res) });
}

/** Errors of the pages as HTML: the status an AppError names (405, 400…), else 500, logged. */
export function errorPage(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status =
      error instanceof AppError
        ? (problemTypeOf(error.code, webProblemTypes)?.status ?? 500)
        : typeof error?.status === 'number' && error.status >= 400 && error.status < 500
          ? error.status
          : 500;
    if (status >= 500) logger.error({ err: error, path: req.path }, 'page failed');
    sendStatusPage(res, status, { user: userOf(res) });
  };
}
