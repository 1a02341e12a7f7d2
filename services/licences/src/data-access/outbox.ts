import { appendToOutbox, toOutboxRows } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { SCHEMA, type Queryable, type Tx } from './database';

/**
 * Events are written with the state change they describe, in the same transaction. No NOTIFY
 * inside the transaction (it would serialise every committing writer): the use case calls the
 * outbox notifier after the commit.
 */
export async function saveEvents(tx: Tx, events: readonly AnyEnvelope[]): Promise<void> {
  if (events.length > 0) await appendToOutbox(tx, events, { schema: SCHEMA, notify: false });
}

/**
 * Events with ids of their own making (stable ids, e.g. a backfill's): an id already in the
 * outbox is skipped, so writing the same events again adds nothing. Returns how many were new.
 */
export async function saveEventsOnce(db: Queryable, events: readonly AnyEnvelope[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = toOutboxRows(events);
  const result = await db.query(
    `INSERT INTO ${SCHEMA}.outbox_events (id, type, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) ON CONFLICT (id) DO NOTHING`,
    [rows.map((r) => r.id), rows.map((r) => r.type), rows.map((r) => JSON.stringify(r.payload))],
  );
  return result.rowCount ?? 0;
}
