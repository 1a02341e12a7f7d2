import type { Request } from 'express';
import { identityOf } from '@lmp/auth';
import type { Db } from '../../data-access/database';
import { callerOf, type Caller } from '../../domain/identity/caller';

/** The caller of a request that passed requireIdentity: side, key and (operators) company. */
export function callerFrom(db: Db, req: Request): Promise<Caller> {
  return callerOf(db, identityOf(req));
}

export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : undefined;
}
