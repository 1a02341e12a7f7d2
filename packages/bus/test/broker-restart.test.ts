import type { PoolClient } from 'pg';
import { idempotentHandler, startOutboxRelay, type OutboxRelay } from '../src';
import { anEvent, uniqueType } from './support/events';
import { eventually } from '@lmp/testing';
import { commitWithEvents, createTestDatabase, type TestDatabase } from './support/test-database';
import { TestBroker, quietLogger } from './support/test-broker';

describe('the bus across a broker restart', () => {
  let broker: TestBroker;
  let db: TestDatabase;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    [broker, db] = await Promise.all([TestBroker.create(), createTestDatabase('transmissions')]);
    await db.pool.query('CREATE TABLE transmissions.applied (event_id uuid PRIMARY KEY, times int NOT NULL)');
  });

  afterAll(async () => {
    await relay?.stop();
    await broker.dispose();
    await db.drop();
  });

  it('loses nothing when the broker restarts mid-stream', async () => {
    const total = 200;
    const type = uniqueType('LicenceTransmitted');
    const queue = `transmissions.${type}`;
    const producer = await broker.bus({ connectionName: 'producer' });
    const consumer = await broker.bus({ connectionName: 'consumer' });
    await consumer.consume({
      queue,
      eventTypes: [type],
      prefetch: 20,
      // Many disconnects may each count as a failed delivery; keep this rule about loss, not retries.
      deliveryLimit: 50,
      handler: idempotentHandler({
        pool: db.pool,
        schema: db.schema,
        consumer: queue,
        // `times` would exceed 1 if a redelivery were applied again.
        handle: async (tx: PoolClient, event) => {
          await tx.query(
            `INSERT INTO transmissions.applied (event_id, times) VALUES ($1, 1)
             ON CONFLICT (event_id) DO UPDATE SET times = applied.times + 1`,
            [event.id],
          );
        },
      }),
    });
    relay = await startOutboxRelay({
      pool: db.pool,
      schema: db.schema,
      bus: producer,
      logger: quietLogger(),
      batchSize: 20,
      pollIntervalMs: 200,
    });
    const applied = async () =>
      (
        await db.pool.query<{ n: number; max: number | null }>(
          'SELECT count(*)::int AS n, max(times) AS max FROM transmissions.applied',
        )
      ).rows[0]!;

    const events = Array.from({ length: total }, () => anEvent({ type }));
    const writing = (async () => {
      for (const event of events) await commitWithEvents(db, [event]);
    })();
    await eventually(async () => (await applied()).n >= 40, { intervalMs: 5 });
    await broker.closeAllConnections();
    await writing;

    await eventually(async () => (await applied()).n === total, { timeoutMs: 60_000 });
    const { rows: unpublished } = await db.pool.query(
      'SELECT count(*)::int AS n FROM transmissions.outbox_events WHERE published_at IS NULL',
    );
    expect(unpublished[0].n).toBe(0);
    expect(await applied()).toEqual({ n: total, max: 1 });
    await eventually(() => producer.isHealthy() && consumer.isHealthy());
  }, 90_000);
});
