import type { ClientBase } from 'pg';
import { ZAnyEnvelope, type AnyEnvelope } from '@lmp/contracts';
import { outboxChannel, qualifiedTable } from './sql';

export interface OutboxOptions {
  /** The service's schema; omitted, the connection's search_path decides. */
  schema?: string;
}

export interface OutboxRow {
  id: string;
  type: string;
  payload: AnyEnvelope;
}

/** Rows as the `outbox_events` table stores them, e.g. for a Prisma `createMany`. */
export function toOutboxRows(envelopes: readonly AnyEnvelope[]): OutboxRow[] {
  return envelopes.map((envelope) => {
    const payload = ZAnyEnvelope.parse(envelope);
    return { id: payload.id, type: payload.type, payload };
  });
}

/**
 * Writes events to the outbox in the caller's open transaction, beside the state change they
 * describe: both commit or neither does. The NOTIFY wakes the relay, and Postgres delivers it only
 * at commit, so the relay never looks before the rows are visible.
 */
export async function appendToOutbox(
  client: ClientBase,
  envelopes: readonly AnyEnvelope[],
  options: OutboxOptions = {},
): Promise<void> {
  if (envelopes.length === 0) return;
  const rows = toOutboxRows(envelopes);
  await client.query(
    `INSERT INTO ${qualifiedTable(options.schema, 'outbox_events')} (id, type, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`,
    [rows.map((r) => r.id), rows.map((r) => r.type), rows.map((r) => JSON.stringify(r.payload))],
  );
  await client.query(
    options.schema ? `SELECT pg_notify($1, '')` : `SELECT pg_notify(current_schema() || '_outbox', '')`,
    options.schema ? [outboxChannel(options.schema)] : [],
  );
}
