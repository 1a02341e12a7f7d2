import type { Request } from 'express';
import { AppError } from '@lmp/errors';

/** The Idempotency-Key header of a POST (registration, import), checked for its form only. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new AppError('VALIDATION.FAILED', 'Idempotency-Key is not valid', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
    });
  }
  return key;
}
