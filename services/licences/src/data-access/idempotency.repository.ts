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

/** Stored in the same transaction as the create, so the key and the licence exist together or not at all. */
export async function storeResponse(
  db: Queryable,
  userId: string,
  key: string,
  response: StoredResponse,
): Promise<void> {
  await db.query(
    `INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body)
     VALUES ($1, $2, $3, $4, $5)`,
    [userId, key, response.requestHash, response.status, JSON.stringify(response.body)],
  );
}
