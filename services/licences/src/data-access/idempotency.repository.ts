import type { Queryable } from './database';

/**
 * A key's row. `done`: the answer to replay (status and body). `running`: an import holds the key
 * and has no answer yet; `attemptId` names the attempt holding it. A done row always has its
 * answer: every write below keeps that (Prisma's migrations cannot carry the CHECK).
 */
export type StoredKey =
  | { state: 'done'; requestHash: string; status: number; body: unknown }
  | { state: 'running'; requestHash: string; reservedAt: Date };

export const IDEMPOTENCY_UNIQUE = 'idempotency_keys_pkey';

export interface KeyRef {
  userId: string;
  key: string;
}

export async function findStoredKey(db: Queryable, { userId, key }: KeyRef): Promise<StoredKey | undefined> {
  const { rows } = await db.query<{
    request_hash: string;
    state: 'done' | 'running';
    response_status: number | null;
    response_body: unknown;
    created_at: Date;
  }>(
    `SELECT request_hash, state, response_status, response_body, created_at
       FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
    [userId, key],
  );
  const row = rows[0];
  if (!row) return undefined;
  return row.state === 'done'
    ? { state: 'done', requestHash: row.request_hash, status: row.response_status!, body: row.response_body }
    : { state: 'running', requestHash: row.request_hash, reservedAt: row.created_at };
}

/** Forgets the user's keys stored or reserved more than `hours` ago: such a key is as good as new. */
export async function deleteExpiredKeys(db: Queryable, options: { userId?: string; hours: number }) {
  const { rowCount } = await db.query(
    `DELETE FROM idempotency_keys
      WHERE ($1::uuid IS NULL OR user_id = $1) AND created_at < now() - make_interval(hours => $2)`,
    [options.userId ?? null, options.hours],
  );
  return rowCount ?? 0;
}

/**
 * Reserves the key for `attemptId` (state running, no answer), or takes over a running
 * reservation for the same request older than `staleAfterSeconds` (its attempt died). True when
 * the attempt now holds the key; false when another row is there (read it with findStoredKey).
 * A concurrent reservation of the same key waits for this one's row and then sees it.
 */
export async function reserveKey(
  db: Queryable,
  ref: KeyRef & { requestHash: string; attemptId: string; staleAfterSeconds: number },
): Promise<boolean> {
  const { rows } = await db.query<{ attempt_id: string }>(
    `INSERT INTO idempotency_keys (user_id, key, request_hash, state, attempt_id)
     VALUES ($1, $2, $3, 'running', $4)
     ON CONFLICT (user_id, key) DO UPDATE SET attempt_id = EXCLUDED.attempt_id, created_at = now()
      WHERE idempotency_keys.state = 'running'
        AND idempotency_keys.request_hash = EXCLUDED.request_hash
        AND idempotency_keys.created_at < now() - make_interval(secs => $5)
     RETURNING attempt_id`,
    [ref.userId, ref.key, ref.requestHash, ref.attemptId, ref.staleAfterSeconds],
  );
  return rows[0]?.attempt_id === ref.attemptId;
}

/** Stores the answer of the attempt holding the key; false when another attempt took it over. */
export async function storeAnswer(
  db: Queryable,
  ref: KeyRef & { attemptId: string; status: number; body: unknown },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE idempotency_keys
        SET state = 'done', response_status = $4, response_body = $5::jsonb, attempt_id = NULL, created_at = now()
      WHERE user_id = $1 AND key = $2 AND state = 'running' AND attempt_id = $3`,
    [ref.userId, ref.key, ref.attemptId, ref.status, JSON.stringify(ref.body)],
  );
  return rowCount === 1;
}

/** Gives the key up (the attempt failed before it had an answer worth replaying). */
export async function releaseKey(db: Queryable, ref: KeyRef & { attemptId: string }): Promise<void> {
  await db.query(
    `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'running' AND attempt_id = $3`,
    [ref.userId, ref.key, ref.attemptId],
  );
}
