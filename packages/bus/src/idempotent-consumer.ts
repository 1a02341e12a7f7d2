import type { Pool, PoolClient } from 'pg';
import type { AnyEnvelope } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import { watchCheckedOutClient } from './checked-out-client';
import type { Delivery, EventHandler } from './consumer';
import { messageOf } from './errors';
import type { OutboxNotifier } from './outbox-notifier';
import { qualifiedTable } from './sql';

export interface IdempotentHandlerOptions {
  pool: Pool;
  /** The service's schema; omitted, the connection's search_path decides. */
  schema?: string;
  /** Names who applied the event; by convention the queue name, e.g. `licences.transmission-events`. */
  consumer: string;
  /** Applies the event using `tx` only; it may also `appendToOutbox(tx, …)` follow-up events. */
  handle(tx: PoolClient, envelope: AnyEnvelope, delivery: Delivery): Promise<void>;
  logger?: Logger;
  /** Woken after each commit, so follow-up events leave without waiting for the relay's poll. */
  outbox?: OutboxNotifier;
}

/**
 * Wraps a handler so each event takes effect once per consumer, however often it is delivered:
 * the processed_events marker and the handler's writes commit in one transaction. A duplicate
 * finds the marker and is acked without effect; a concurrent duplicate waits on the marker's row
 * lock and then finds it. A handler error rolls back both, so the retry starts clean; so does a
 * connection lost mid-way (a database restart), which the delivery then retries like any failure.
 */
export function idempotentHandler(options: IdempotentHandlerOptions): EventHandler {
  const table = qualifiedTable(options.schema, 'processed_events');
  return async (envelope, delivery) => {
    const client = await options.pool.connect();
    const checkedOut = watchCheckedOutClient(client);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const marked = await client.query(
        `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [options.consumer, envelope.id],
      );
      if (marked.rowCount === 0) {
        await client.query('COMMIT');
        options.logger?.info(
          { eventId: envelope.id, consumer: options.consumer },
          'event already applied; duplicate ignored',
        );
        return;
      }
      await options.handle(client, envelope, delivery);
      await client.query('COMMIT');
      options.outbox?.written();
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = error instanceof Error ? error : new Error(messageOf(error));
      }
      throw error;
    } finally {
      checkedOut.release(broken);
    }
  };
}
