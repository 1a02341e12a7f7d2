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

/**
 * claimEvent for a batch of events applied in one transaction: the ids (lower case, as Postgres
 * writes uuids) claimed now, i.e. those applied for the first time; an id applied before, or
 * twice in `eventIds`, is claimed at most once. Claimed in id order, so two batches sharing ids
 * wait on each other instead of deadlocking.
 */
export async function claimEvents(
  tx: ClientBase,
  claim: { schema?: string; consumer: string; eventIds: readonly string[] },
): Promise<Set<string>> {
  const ids = [...new Set(claim.eventIds.map((id) => id.toLowerCase()))].sort();
  if (!ids.length) return new Set();
  const { rows } = await tx.query<{ event_id: string }>(
    `INSERT INTO ${qualifiedTable(claim.schema, 'processed_events')} (consumer, event_id)
     SELECT $1, id FROM unnest($2::uuid[]) AS id ORDER BY id
     ON CONFLICT DO NOTHING RETURNING event_id::text`,
    [claim.consumer, ids],
  );
  return new Set(rows.map((r) => r.event_id));
}
