import type { Pool, PoolClient } from 'pg';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger, type Logger } from '@lmp/logger';
import { watchCheckedOutClient } from './checked-out-client';
import { UnroutableEventError, messageOf } from './errors';
import { deletePublishedOutboxRows } from './outbox-cleanup';
import { OutboxListener } from './outbox-listener';
import type { EventPublisher } from './publisher';
import { outboxChannel, qualifiedTable } from './sql';
import { backoffDelay, sleep } from './timing';

export interface OutboxRelayOptions {
  pool: Pool;
  /** The service's schema; omitted, `current_schema()` of a pooled connection. */
  schema?: string;
  bus: EventPublisher;
  logger?: Logger;
  /** Fallback when a notification is missed. Default 1 s. */
  pollIntervalMs?: number;
  /** Rows per transaction. Default 100. */
  batchSize?: number;
  /** Published rows older than this are deleted. Default 7 days. */
  retentionMs?: number;
  /** How often the deletion runs. Default 1 h. */
  cleanupIntervalMs?: number;
}

export interface OutboxRelay {
  /** Finishes the pass in progress, then stops listening and polling. */
  stop(): Promise<void>;
  /** Runs a pass soon (normally NOTIFY does this). */
  wake(): void;
}

/**
 * Publishes committed outbox rows. Several replicas may run it: each pass locks its rows
 * (FOR UPDATE SKIP LOCKED) and marks them published in the same transaction, after the broker
 * confirmed them. Delivery is at least once: a crash between confirm and commit republishes,
 * which idempotent consumers absorb.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { pool, bus } = options;
  const logger = (options.logger ?? createLogger({ name: 'outbox-relay' })).child({
    component: 'outbox-relay',
  });
  const schema = options.schema ?? (await currentSchema(pool));
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const stopping = new AbortController();

  let wakeRequested = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    wakeRequested = true;
    wakeUp?.();
  };
  const waitForWake = async () => {
    // stop() may have been called while a pass ran: its abort event has fired already.
    if (!wakeRequested && !stopping.signal.aborted) {
      const poll = new AbortController();
      wakeUp = () => poll.abort();
      stopping.signal.addEventListener('abort', wakeUp, { once: true });
      await sleep(pollIntervalMs, poll.signal);
      stopping.signal.removeEventListener('abort', wakeUp);
      wakeUp = null;
    }
    wakeRequested = false;
  };

  // After failed passes the relay backs off (up to 30 s); the LISTEN connection coming back means
  // the database is back, so that cuts the wait short. Plain NOTIFYs do not (a broker outage
  // would otherwise turn every commit into a pass that waits for the broker in vain).
  let retryNow: AbortController | null = null;
  const listener = new OutboxListener({
    pool,
    channel: outboxChannel(schema),
    logger,
    onWake: wake,
    onListening: () => retryNow?.abort(),
  });
  await listener.start();

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const { selected } = await relayOutboxBatch({ pool, schema, bus, batchSize, logger });
        if (failures > 0) logger.info({ failedPasses: failures }, 'outbox passes succeed again');
        failures = 0;
        if (selected < batchSize) await waitForWake();
      } catch (error) {
        // Never fatal: the rows stay in the outbox and a later pass publishes them.
        failures += 1;
        const delay = backoffDelay(failures, { initialMs: 250, maxMs: 30_000 });
        logger.warn(
          { reason: messageOf(error), attempt: failures, delayMs: delay },
          'outbox pass failed; rows stay unpublished, retrying',
        );
        retryNow = new AbortController();
        await sleep(delay, AbortSignal.any([stopping.signal, retryNow.signal]));
        retryNow = null;
      }
    }
  })();

  const cleanupEvery = options.cleanupIntervalMs ?? 3_600_000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  const cleanup = setInterval(() => {
    deletePublishedOutboxRows({ pool, schema, olderThanMs: retentionMs })
      .then(
        (deleted) => deleted > 0 && logger.info({ deleted }, 'deleted published outbox rows past retention'),
      )
      .catch((error: unknown) => logger.warn({ reason: messageOf(error) }, 'outbox cleanup failed'));
  }, cleanupEvery);
  cleanup.unref();

  logger.info({ schema, batchSize, pollIntervalMs }, 'outbox relay started');
  return {
    wake,
    async stop() {
      stopping.abort();
      clearInterval(cleanup);
      await loop;
      await listener.stop();
      logger.info({ schema }, 'outbox relay stopped');
    },
  };
}

export interface RelayBatchOptions {
  pool: Pool;
  schema: string | undefined;
  bus: EventPublisher;
  batchSize: number;
  logger: Logger;
}

/**
 * One pass: lock up to `batchSize` unpublished rows, publish them with confirms, mark them
 * published, commit. It selects by "not yet published" rather than by "after the last id seen",
 * so a transaction that commits late is picked up on a later pass. Unroutable events (no queue
 * bound) stay unpublished with `attempts` raised and sort after fresh rows, so they cannot block
 * the outbox; any other failure rolls the whole pass back.
 */
export async function relayOutboxBatch(
  options: RelayBatchOptions,
): Promise<{ selected: number; published: number }> {
  const { pool, schema, bus, batchSize, logger } = options;
  const table = qualifiedTable(schema, 'outbox_events');
  const client = await pool.connect();
  const checkedOut = watchCheckedOutClient(client);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; payload: AnyEnvelope }>(
      `SELECT id, payload FROM ${table}
       WHERE published_at IS NULL
       ORDER BY attempts, created_at, id
       LIMIT $1
       FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (rows.length === 0) {
      await client.query('COMMIT');
      return { selected: 0, published: 0 };
    }
    // Lost while selecting: publishing now would only publish rows this pass cannot mark.
    if (checkedOut.lost) throw checkedOut.lost;
    const unroutable = await publishBatch(
      bus,
      rows.map((row) => row.payload),
    );
    const published = rows.filter((row) => !unroutable.has(row.id)).map((row) => row.id);
    await client.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [published]);
    if (unroutable.size > 0) {
      await client.query(`UPDATE ${table} SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        [...unroutable],
      ]);
      logger.error(
        { eventIds: [...unroutable] },
        'outbox events have no queue bound; left unpublished and retried later',
      );
    }
    await client.query('COMMIT');
    logger.debug({ published: published.length }, 'outbox events published');
    return { selected: rows.length, published: published.length };
  } catch (error) {
    broken = await rollback(client, error);
    throw error;
  } finally {
    checkedOut.release(broken);
  }
}

/** Publishes; returns the ids the broker could not route, throws on any other failure. */
async function publishBatch(bus: EventPublisher, envelopes: AnyEnvelope[]): Promise<Set<string>> {
  try {
    await bus.publish(envelopes);
    return new Set();
  } catch (error) {
    if (error instanceof UnroutableEventError) return new Set(error.eventIds);
    throw error;
  }
}

/** Rolls back; returns an error when the connection itself is unusable (so the pool drops it). */
async function rollback(client: PoolClient, cause: unknown): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch {
    return cause instanceof Error ? cause : new Error(messageOf(cause));
  }
}

async function currentSchema(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('no current schema: pass `schema` to the outbox relay');
  return schema;
}
