import type { Pool } from 'pg';
import { qualifiedTable } from './sql';

/** Deletes published outbox rows older than the retention, in chunks so no lock is held long. */
export async function deletePublishedOutboxRows(options: {
  pool: Pool;
  schema?: string;
  olderThanMs: number;
  chunkSize?: number;
}): Promise<number> {
  const table = qualifiedTable(options.schema, 'outbox_events');
  const chunkSize = options.chunkSize ?? 5_000;
  let total = 0;
  for (;;) {
    const { rowCount } = await options.pool.query(
      `DELETE FROM ${table} WHERE id IN (
         SELECT id FROM ${table}
         WHERE published_at < now() - $1 * interval '1 millisecond'
         LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [options.olderThanMs, chunkSize],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < chunkSize) return total;
  }
}
