import type { Db, Tx } from './database';
import { transactionOn, withPooledClient } from './pooled-client';

/**
 * Which advisory lock, in the form of key Postgres is given. Replicas exclude each other only if
 * they compute the same key, so a lock keeps its form for good: changing the hash (or the number
 * of keys) of a lock in use would let an old replica and a new one, side by side during a rolling
 * deploy, both hold "the same" lock. New locks take `name`.
 */
export type AdvisoryLockKey =
  /** hashtextextended(name, 0), one bigint key; name it '<service>.<what>:<id>'. */
  | { name: string }
  /** hashtext(hashtext) as one key: an older form, kept by the locks that use it. */
  | { hashtext: string }
  /** (space, hashtext(hashtext)) as two int keys: an older form, kept by the locks that use it. */
  | { space: number; hashtext: string };

/** The connection holding the lock, and transactions on that same connection. */
export interface LockSession {
  /** Queries outside a transaction, on the connection that holds the lock. */
  client: Tx;
  /** fn in one transaction on the lock's connection (one at a time): the lock outlives each. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export type LockOutcome<T> = { locked: true; value: T } | { locked: false };

export interface SessionLock {
  key: AdvisoryLockKey;
  /** 'wait': until whoever holds it lets go. 'try': `{ locked: false }` at once if someone does. */
  mode: 'wait' | 'try';
}

type Work<T> = (session: LockSession) => Promise<T>;

function keyArguments(key: AdvisoryLockKey): { sql: string; params: unknown[] } {
  if ('name' in key) return { sql: 'hashtextextended($1, 0)', params: [key.name] };
  if ('space' in key) return { sql: '$1, hashtext($2)', params: [key.space, key.hashtext] };
  return { sql: 'hashtext($1)', params: [key.hashtext] };
}

/**
 * Runs `work` while this process holds a session advisory lock, on a connection of the pool lent
 * for the whole run: `work` runs its queries and transactions there, so a run takes one connection,
 * never one while waiting for another. The lock is let go when `work` ends, however it ends; if the
 * process dies, its connection drops and Postgres frees the lock, so nothing stays locked by a dead
 * replica. A connection that failed (or could not unlock) may still hold the lock: it is destroyed,
 * which frees it, never pooled. Two keys that hash alike only take turns.
 */
export function withSessionLock<T>(db: Db, lock: SessionLock & { mode: 'wait' }, work: Work<T>): Promise<T>;
export function withSessionLock<T>(
  db: Db,
  lock: SessionLock & { mode: 'try' },
  work: Work<T>,
): Promise<LockOutcome<T>>;
export async function withSessionLock<T>(
  db: Db,
  lock: SessionLock,
  work: Work<T>,
): Promise<T | LockOutcome<T>> {
  const { sql, params } = keyArguments(lock.key);
  return withPooledClient(db, async (client, connection) => {
    const failed = (error: Error): never => {
      connection.fail(error);
      throw error;
    };
    if (lock.mode === 'try') {
      const { rows } = await client
        .query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${sql}) AS locked`, params)
        .catch(failed);
      if (!rows[0]!.locked) return { locked: false };
    } else {
      await client.query(`SELECT pg_advisory_lock(${sql})`, params).catch(failed);
    }
    try {
      const value = await work({ client, transaction: (fn) => transactionOn(client, connection, fn) });
      return lock.mode === 'try' ? { locked: true, value } : value;
    } finally {
      await client
        .query(`SELECT pg_advisory_unlock(${sql})`, params)
        .catch((error: Error) => connection.fail(error));
    }
  });
}
