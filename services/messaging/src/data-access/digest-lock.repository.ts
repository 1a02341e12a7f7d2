import { withSessionLock, type LockSession } from '@lmp/service';
import type { Db } from './database';

/** A connection holding a batch's digest lock, and transactions on that same connection. */
export type BatchSession = LockSession;

/**
 * Runs `work` holding the batch's digest lock: a session advisory lock on one connection, held
 * across the run's transactions (which `work` runs on that connection) and released when it ends,
 * or by Postgres when the connection dies with its replica. A second holder waits, then finds the
 * work done (or resumes it, if the first failed).
 */
export function withBatchDigestLock<T>(
  db: Db,
  batchId: string,
  work: (session: BatchSession) => Promise<T>,
): Promise<T> {
  return withSessionLock(db, { key: { name: `messaging.batch-digests:${batchId}` }, mode: 'wait' }, work);
}
