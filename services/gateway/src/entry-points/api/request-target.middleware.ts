import type { RequestHandler } from 'express';
import { AppError } from '@lmp/errors';
import { methodNotAllowedError } from '@lmp/http';
import type { RouteRule } from '../../domain/route-table';

/** A method the path does not take is 405 with `Allow`, the same answer the service would give. */
export function allowedMethod(rule: RouteRule): RequestHandler {
  const methods = new Set<string>(rule.methods);
  if (methods.has('GET')) methods.add('HEAD');
  return (req, res, next) => {
    if (methods.has(req.method)) return next();
    next(methodNotAllowedError(res, rule.methods, req.method));
  };
}

/** A path with an invalid percent-encoding (`/licences/%ZZ`) is 400 here, not forwarded. */
export const decodablePath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    next(new AppError('HTTP.MALFORMED_URL', 'The request path holds an invalid percent-encoding'));
    return;
  }
  next();
};
