import type { ClientBase } from 'pg';
import { qualifiedTable } from './sql';

/**
 * Marks an event as applied by a consumer, inside the transaction that applies it: true the first
 * time, false when it was applied before (a redelivery). A concurrent duplicate waits on the
 * marker's row lock, then finds it. Commit the marker with the effect, so a failure rolls back
 * both and the retry starts clean.
 */
export async function claimEvent(
  tx: ClientBase,
  claim: { schema?: string; consumer: string; eventId: string },
): Promise<boolean> {
  const marked = await tx.query(
    `INSERT INTO ${qualifiedTable(claim.schema, 'processed_events')} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [claim.consumer, claim.eventId],
  );
  return marked.rowCount === 1;
}
