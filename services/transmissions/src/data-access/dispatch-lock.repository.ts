import { withSessionLock, type LockOutcome } from '@lmp/service';
import type { Db } from './database';

/** The first key of the two-key advisory locks: "a batch being e-mailed", in this service. */
const DISPATCH_LOCK_SPACE = 0x7472_6e73; // 'trns'

/**
 * Runs `work` while this process holds the batch's dispatch lock (a session advisory lock on a
 * connection of its own, kept for the whole send), or returns at once when another replica holds
 * it. If the process dies, its connection drops and Postgres frees the lock, so a batch never
 * stays locked by a dead replica. Two batch ids that hash alike only take turns. The key stays
 * (space, hashtext(batch id)), the one every version has taken, so that an old replica and a new
 * one never send the same batch at once during a rolling deploy.
 */
export function withBatchDispatchLock<T>(
  db: Db,
  batchId: string,
  work: () => Promise<T>,
): Promise<LockOutcome<T>> {
  return withSessionLock(db, { key: { space: DISPATCH_LOCK_SPACE, hashtext: batchId }, mode: 'try' }, work);
}
