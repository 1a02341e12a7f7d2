import type { Request, RequestHandler, Response } from 'express';
import type { Identity } from '@lmp/auth';
import { AppError } from '@lmp/errors';
import type { AccessTokenVerifier } from '../../domain/access-token-verifier';
import { InvalidTokenError } from '../../domain/invalid-token.error';

const identities = new WeakMap<Request, Identity>();
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Every /api/v1 request needs `Authorization: Bearer <EU Login access token>`. No token, or
 * another scheme: 401 with a bare `Bearer` challenge. A token that fails verification: 401 with
 * `error="invalid_token"` (RFC 6750 §3).
 */
export function authenticate(verify: AccessTokenVerifier, realm: string): RequestHandler {
  const challenge = (res: Response, error?: AppError) => {
    const parts = [`Bearer realm="${realm}"`];
    if (error instanceof InvalidTokenError) {
      parts.push('error="invalid_token"', `error_description="${error.message.replace(/["\\]/g, "'")}"`);
    }
    res.setHeader('WWW-Authenticate', parts.join(', '));
  };
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header || !/^bearer\b/i.test(header)) {
      challenge(res);
      next(
        new AppError(
          'AUTH.UNAUTHENTICATED',
          'Sign in with EU Login and send the access token as Authorization: Bearer',
        ),
      );
      return;
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) {
      const error = new InvalidTokenError('The Authorization header does not hold a bearer token');
      challenge(res, error);
      next(error);
      return;
    }
    verify(token).then(
      (identity) => {
        identities.set(req, identity);
        next();
      },
      (error: AppError) => {
        if (error.code === 'AUTH.UNAUTHENTICATED') challenge(res, error);
        next(error);
      },
    );
  };
}

/** The verified identity of an authenticated request. */
export function identityOf(req: Request): Identity {
  const identity = identities.get(req);
  if (!identity) throw new AppError('AUTH.UNAUTHENTICATED', 'No signed-in user on this request');
  return identity;
}

/** Commission-only routes: operators get 403 from the gateway, before any service sees the request. */
export function requireRole(role: Identity['role'] | undefined): RequestHandler {
  return (req, _res, next) => {
    if (role && identityOf(req).role !== role) {
      next(
        new AppError(
          'AUTH.FORBIDDEN',
          `Only ${role === 'commission' ? 'Commission staff' : role + 's'} may use this`,
        ),
      );
      return;
    }
    next();
  };
}
