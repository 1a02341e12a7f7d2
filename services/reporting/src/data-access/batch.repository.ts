import type { Queryable } from './database';

/** When the last MOFCOM batch was dispatched (TransmissionBatchDispatched); null before any. */
export async function lastBatchAt(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>('SELECT max(dispatched_at) AS at FROM batches');
  return rows[0]?.at ?? null;
}
