import type { Queryable } from './database';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

export const IDEMPOTENCY_UNIQUE = 'idempotency_keys_pkey';

export async function findStoredResponse(
  db: Queryable,
  userId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const { rows } = await db.query<{ request_hash: string; response_status: number; response_body: unknown }>(
    `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
    [userId, key],
  );
  const row = rows[0];
  return row
    ? { requestHash: row.request_hash, status: row.response_status, body: row.response_body }
    : undefined;
}
