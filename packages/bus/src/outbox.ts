import type { ClientBase } from 'pg';
import { ZAnyEnvelope, type AnyEnvelope } from '@lmp/contracts';
import { outboxChannel, qualifiedTable } from './sql';

export interface OutboxOptions {
  /** The service's schema; omitted, the connection's search_path decides. */
  schema?: string;
  /**
   * Also NOTIFY the relay at commit, from inside the transaction. Off by default: that NOTIFY
   * takes Postgres's global notify lock at commit and serialises every committing writer; call
   * an OutboxNotifier after the commit instead (see outbox-notifier.ts). Only for tests of the
   * relay's LISTEN path and one-off writers.
   */
  notify?: boolean;
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
 * The outbox write as common table expressions, for a service that folds its state change and its
 * events into one statement (one round trip). `select` must appear in the statement's final
 * SELECT list: Postgres runs a plain SELECT CTE only when it is referenced, and that one sends
 * the NOTIFY. Parameters are numbered from `firstParam`.
 */
export function outboxCte(
  envelopes: readonly AnyEnvelope[],
  options: OutboxOptions,
  firstParam: number,
): { ctes: string; select: string; params: unknown[] } {
  const rows = toOutboxRows(envelopes);
  const [ids, types, payloads, channel] = [0, 1, 2, 3].map((i) => `$${firstParam + i}`);
  const insert = `outbox_insert AS (
      INSERT INTO ${qualifiedTable(options.schema, 'outbox_events')} (id, type, payload)
      SELECT * FROM unnest(${ids}::uuid[], ${types}::text[], ${payloads}::jsonb[]) RETURNING 1
    )`;
  const rowParams = [
    rows.map((r) => r.id),
    rows.map((r) => r.type),
    rows.map((r) => JSON.stringify(r.payload)),
  ];
  if (options.notify !== true) {
    return {
      ctes: insert,
      select: '(SELECT count(*) FROM outbox_insert) AS outbox_written',
      params: rowParams,
    };
  }
  const notify = options.schema
    ? `pg_notify(${channel}::text, '')`
    : `pg_notify(current_schema() || '_outbox', '')`;
  return {
    ctes: `${insert}, outbox_notify AS (SELECT ${notify} AS notified FROM (SELECT 1 FROM outbox_insert LIMIT 1) AS written)`,
    select: '(SELECT count(*) FROM outbox_notify) AS outbox_notified',
    params: [...rowParams, ...(options.schema ? [outboxChannel(options.schema)] : [])],
  };
}

/**
 * Writes events to the outbox in the caller's open transaction, beside the state change they
 * describe: both commit or neither does. One round trip. After the commit, wake the relays with
 * the service's OutboxNotifier (`written()`); the relay's poll is the fallback.
 */
export async function appendToOutbox(
  client: ClientBase,
  envelopes: readonly AnyEnvelope[],
  options: OutboxOptions = {},
): Promise<void> {
  if (envelopes.length === 0) return;
  const { ctes, select, params } = outboxCte(envelopes, options, 1);
  await client.query(`WITH ${ctes} SELECT ${select}`, params);
}
