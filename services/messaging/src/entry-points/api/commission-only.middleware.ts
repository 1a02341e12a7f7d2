import type { RequestHandler } from 'express';
import { identityOf } from '@lmp/auth';
import { AppError } from '@lmp/errors';

/**
 * The inbox and broadcasts are the Commission's alone. The gateway enforces the role too; the
 * service checks the identity it vouched for again.
 */
export const commissionOnly: RequestHandler = (req, _res, next) => {
  if (identityOf(req).role !== 'commission') {
    next(new AppError('AUTH.FORBIDDEN', 'Only Commission staff may do this'));
    return;
  }
  next();
};
