import type { Request, RequestHandler } from 'express';
import { AppError } from '@lmp/errors';
import type { Identity } from './identity';
import type { IdentityVerifier } from './identity-token';

/** The header in which the gateway passes its signed identity token to a service. */
export const IDENTITY_HEADER = 'x-lmp-identity';

const identities = new WeakMap<Request, Identity>();

/** Rejects with 401 any request without a valid gateway identity token. */
export function requireIdentity(verify: IdentityVerifier): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers[IDENTITY_HEADER];
    const token = typeof header === 'string' ? header : undefined;
    if (!token) {
      next(new AppError('AUTH.UNAUTHENTICATED', 'A valid identity token from the gateway is required'));
      return;
    }
    verify(token).then((identity) => {
      identities.set(req, identity);
      next();
    }, next);
  };
}

export function identityOf(req: Request): Identity {
  const identity = identities.get(req);
  if (!identity) throw new AppError('AUTH.UNAUTHENTICATED', 'No identity on this request');
  return identity;
}
