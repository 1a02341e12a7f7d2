import { AppError } from '@lmp/errors';

/**
 * A 401 whose `WWW-Authenticate` challenge carries `error="invalid_token"` (RFC 6750): the client
 * sent a bearer token and it is not acceptable. A missing token is a plain AUTH.UNAUTHENTICATED.
 */
export class InvalidTokenError extends AppError {
  override name = 'InvalidTokenError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('AUTH.UNAUTHENTICATED', message, options);
  }
}
