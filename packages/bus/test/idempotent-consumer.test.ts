import type { PoolClient } from 'pg';
import type { AnyEnvelope } from '@lmp/contracts';
import { appendToOutbox, idempotentHandler, type Bus } from '../src';
import { anEvent, uniqueType } from './support/events';
import { eventually } from '@lmp/testing';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { TestBroker } from './support/test-broker';

describe('idempotentHandler', () => {
  let broker: TestBroker;
  let db: TestDatabase;
  let bus: Bus;

  beforeAll(async () => {
    [broker, db] = await Promise.all([TestBroker.create(), createTestDatabase('reporting')]);
    await db.pool.query('CREATE TABLE reporting.licence_counts (key text PRIMARY KEY, value int NOT NULL)');
    bus = await broker.bus();
  });

  afterAll(async () => {
    await broker.dispose();
    await db.drop();
  });

  /** The read-model update a real consumer would make: one counter per event type. */
  async function increment(tx: PoolClient, event: AnyEnvelope) {
    await tx.query(
      `INSERT INTO reporting.licence_counts (key, value) VALUES ($1, 1)
       ON CONFLICT (key) DO UPDATE SET value = licence_counts.value + 1`,
      [event.type],
    );
  }

  async function countOf(type: string): Promise<number> {
    const { rows } = await db.pool.query('SELECT value FROM reporting.licence_counts WHERE key = $1', [type]);
    return rows[0]?.value ?? 0;
  }

  async function processedCount(consumer: string): Promise<number> {
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM reporting.processed_events WHERE consumer = $1',
      [consumer],
    );
    return rows[0].n;
  }

  it('applies a duplicate delivery once', async () => {
    const type = uniqueType('LicenceSubmitted');
    const queue = `reporting.${type}`;
    let handled = 0;
    const handle = idempotentHandler({
      pool: db.pool,
      schema: db.schema,
      consumer: queue,
      handle: increment,
    });
    await bus.consume({
      queue,
      eventTypes: [type],
      handler: async (event, delivery) => {
        await handle(event, delivery);
        handled += 1;
      },
    });
    const event = anEvent({ type });

    await bus.publish(event);
    await bus.publish(event);

    await eventually(() => handled === 2);
    expect(await countOf(type)).toBe(1);
    expect(await processedCount(queue)).toBe(1);
  });

  it('applies concurrent duplicates once', async () => {
    const type = uniqueType();
    const consumer = `reporting.${type}`;
    const handle = idempotentHandler({ pool: db.pool, schema: db.schema, consumer, handle: increment });
    const event = anEvent({ type });
    const delivery = { queue: consumer, redelivered: false, deliveryCount: 1 };

    await Promise.all(Array.from({ length: 8 }, () => handle(event, delivery)));

    expect(await countOf(type)).toBe(1);
  });

  it('rolls back the effect and the marker when the handler fails, so the retry applies it', async () => {
    const type = uniqueType();
    const queue = `reporting.${type}`;
    let failuresLeft = 2;
    const handle = idempotentHandler({
      pool: db.pool,
      schema: db.schema,
      consumer: queue,
      handle: async (tx, event) => {
        await increment(tx, event);
        if (failuresLeft-- > 0) throw new Error('downstream hiccup');
      },
    });
    await bus.consume({ queue, eventTypes: [type], handler: handle });

    await bus.publish(anEvent({ type }));

    await eventually(async () => (await processedCount(queue)) === 1);
    expect(failuresLeft).toBe(-1);
    expect(await countOf(type)).toBe(1);
  });

  it('commits follow-up events in the same transaction as the effect', async () => {
    const type = uniqueType();
    const queue = `reporting.${type}`;
    const followUp = anEvent({ type: 'ReportingUpdated' });
    const handle = idempotentHandler({
      pool: db.pool,
      schema: db.schema,
      consumer: queue,
      handle: async (tx, event) => {
        await increment(tx, event);
        await appendToOutbox(
          tx,
          [{ ...followUp, causationId: event.id, correlationId: event.correlationId }],
          { schema: db.schema },
        );
      },
    });
    await bus.consume({ queue, eventTypes: [type], handler: handle });
    const cause = anEvent({ type });

    await bus.publish(cause);

    const { rows } = await eventually(async () => {
      const result = await db.pool.query('SELECT payload FROM reporting.outbox_events WHERE id = $1', [
        followUp.id,
      ]);
      return result.rowCount === 1 && result;
    });
    expect(rows[0].payload).toMatchObject({ causationId: cause.id, correlationId: cause.correlationId });
    expect(await countOf(type)).toBe(1);
  });
});
