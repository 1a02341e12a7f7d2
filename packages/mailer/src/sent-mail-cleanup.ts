import type { Pool } from 'pg';
import { outboxTable } from './sql';

/**
 * Deletes sent rows older than `olderThanMs`, a bounded number per statement. Their dedupe keys
 * go with them, so the retention must be far longer than any redelivery of a cause event.
 * Failed rows stay: someone looks at them.
 */
export async function deleteSentMail(options: {
  pool: Pool;
  schema: string;
  olderThanMs: number;
}): Promise<number> {
  const table = outboxTable(options.schema);
  let deleted = 0;
  for (;;) {
    const result = await options.pool.query(
      `DELETE FROM ${table} WHERE id IN (
         SELECT id FROM ${table}
         WHERE sent_at IS NOT NULL AND sent_at < now() - $1 * interval '1 millisecond'
         LIMIT 5000)`,
      [options.olderThanMs],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < 5000) return deleted;
  }
}
