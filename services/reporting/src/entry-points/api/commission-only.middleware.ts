import type { RequestHandler } from 'express';
import { identityOf } from '@lmp/auth';
import { AppError } from '@lmp/errors';

/**
 * Reports are the Commission's alone. The gateway enforces the role too; this service checks the
 * identity it vouched for again, so a request that reaches the service another way gets no further.
 */
export const commissionOnly: RequestHandler = (req, _res, next) => {
  if (identityOf(req).role !== 'commission') {
    next(new AppError('AUTH.FORBIDDEN', 'Only Commission staff may see reports'));
    return;
  }
  next();
};
