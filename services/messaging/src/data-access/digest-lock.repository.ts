import { setTimeout as sleep } from 'node:timers/promises';
import { withSessionLock, type LockOutcome, type LockSession } from '@lmp/service';
import type { Db } from './database';

/** A connection holding a batch's digest lock, and transactions on that same connection. */
export type BatchSession = LockSession;

/** How often a check given a signal tries again for a batch's lock another replica holds. */
const LOCK_RETRY_MS = 1_000;

/**
 * Runs `work` holding the batch's digest lock: a session advisory lock on one connection, held
 * across the run's transactions (which `work` runs on that connection) and released when it ends,
 * or by Postgres when the connection dies with its replica. A second holder waits, then finds the
 * work done (or resumes it, if the first failed).
 *
 * Given a `signal` (its replica stops when it aborts), the wait is made of tries, one every
 * LOCK_RETRY_MS, and ends as soon as the signal aborts: `{ locked: false }`, nothing done. A
 * waiting 'wait' could not be called off, so a replica shutting down would wait out another
 * replica's whole run (minutes for 10,000 companies) just to find the batch done.
 */
export async function withBatchDigestLock<T>(
  db: Db,
  batchId: string,
  work: (session: BatchSession) => Promise<T>,
  signal?: AbortSignal,
): Promise<LockOutcome<T>> {
  const key = { name: `messaging.batch-digests:${batchId}` };
  if (!signal) return { locked: true, value: await withSessionLock(db, { key, mode: 'wait' }, work) };
  while (!signal.aborted) {
    const outcome = await withSessionLock(db, { key, mode: 'try' }, work);
    if (outcome.locked) return outcome;
    // Ends early when the signal aborts (rejecting with its reason, which is no failure here).
    await sleep(LOCK_RETRY_MS, undefined, { signal }).catch(() => undefined);
  }
  return { locked: false };
}
