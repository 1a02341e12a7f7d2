import type { Db } from './database';

/** The first key of the two-key advisory locks: "a batch being e-mailed", in this service. */
const DISPATCH_LOCK_SPACE = 0x7472_6e73; // 'trns'

export type LockOutcome<T> = { locked: true; value: T } | { locked: false };

/**
 * Runs `work` while this process holds the batch's dispatch lock (a session advisory lock on a
 * connection of its own, kept for the whole send), or returns at once when another replica holds
 * it. If the process dies, its connection drops and Postgres frees the lock, so a batch never
 * stays locked by a dead replica. Two batch ids that hash alike only take turns.
 */
export async function withBatchDispatchLock<T>(
  db: Db,
  batchId: string,
  work: () => Promise<T>,
): Promise<LockOutcome<T>> {
  const client = await db.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    const { rows } = await client
      .query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
        DISPATCH_LOCK_SPACE,
        batchId,
      ])
      .catch((error: Error) => {
        broken = error;
        throw error;
      });
    if (!rows[0]!.locked) return { locked: false };
    try {
      return { locked: true, value: await work() };
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [DISPATCH_LOCK_SPACE, batchId])
        .catch((error: Error) => (broken = error));
    }
  } finally {
    client.removeListener('error', onError);
    // A connection that failed may still hold the lock: destroy it rather than pool it.
    client.release(broken);
  }
}
