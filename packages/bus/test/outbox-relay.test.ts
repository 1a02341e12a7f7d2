import type { AnyEnvelope } from '@lmp/contracts';
import {
  appendToOutbox,
  createOutboxNotifier,
  deletePublishedOutboxRows,
  startOutboxRelay,
  type Bus,
  type OutboxRelay,
} from '../src';
import { anEvent, uniqueType } from './support/events';
import { eventually } from '@lmp/testing';
import { commitWithEvents, createTestDatabase, type TestDatabase } from './support/test-database';
import { TestBroker, quietLogger } from './support/test-broker';

describe('startOutboxRelay', () => {
  let broker: TestBroker;
  let db: TestDatabase;
  let bus: Bus;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    [broker, db] = await Promise.all([TestBroker.create(), createTestDatabase('licences')]);
    bus = await broker.bus();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  afterAll(async () => {
    await broker.dispose();
    await db.drop();
  });

  async function aRelay(options: { pollIntervalMs?: number } = {}) {
    const relay = await startOutboxRelay({
      pool: db.pool,
      schema: db.schema,
      bus,
      logger: quietLogger(),
      pollIntervalMs: 60_000,
      ...options,
    });
    relays.push(relay);
    return relay;
  }

  async function aConsumerOf(type: string) {
    const received: AnyEnvelope[] = [];
    await bus.consume({
      queue: `outbox-test.${type}`,
      eventTypes: [type],
      handler: async (event) => void received.push(event),
    });
    return received;
  }

  const commitWithEvent = (event: AnyEnvelope) => commitWithEvents(db, [event]);

  it('publishes an event written to the outbox after a crash between commit and publish', async () => {
    const type = uniqueType('LicenceSubmitted');
    const received = await aConsumerOf(type);
    const event = anEvent({ type });
    // No relay is running: the process died after the commit, before anything was published.
    await commitWithEvent(event);

    await aRelay(); // the restarted process

    await eventually(() => received.length === 1);
    expect(received[0]).toEqual(event);
    const { rows } = await db.pool.query('SELECT published_at FROM licences.outbox_events WHERE id = $1', [
      event.id,
    ]);
    expect(rows[0].published_at).toBeInstanceOf(Date);
  });

  it('does not skip an outbox row whose transaction commits late', async () => {
    const type = uniqueType('LicenceSubmitted');
    const received = await aConsumerOf(type);
    await aRelay();
    const eventA = anEvent({ type });
    const eventB = anEvent({ type });
    const txA = await db.pool.connect();
    await txA.query('BEGIN');
    await appendToOutbox(txA, [eventA], { schema: db.schema, notify: true }); // earlier created_at, not committed

    await commitWithEvent(eventB);
    await eventually(() => received.length === 1);
    await txA.query('COMMIT');
    txA.release();

    await eventually(() => received.length === 2);
    expect(received.map((e) => e.id)).toEqual([eventB.id, eventA.id]);
  });

  it('is woken by the commit, without waiting for the poll', async () => {
    const type = uniqueType();
    const received = await aConsumerOf(type);
    await aRelay({ pollIntervalMs: 600_000 });

    await commitWithEvent(anEvent({ type }));

    await eventually(() => received.length === 1);
  });

  it('is woken by a coalesced NOTIFY sent after commit, for writers that skip the in-transaction one', async () => {
    const type = uniqueType();
    const received = await aConsumerOf(type);
    await aRelay({ pollIntervalMs: 600_000 });
    const notifier = createOutboxNotifier({ pool: db.pool, schema: db.schema, windowMs: 5 });
    const events = Array.from({ length: 20 }, () => anEvent({ type }));

    await Promise.all(
      events.map(async (event) => {
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          await appendToOutbox(client, [event], { schema: db.schema, notify: false });
          await client.query('COMMIT');
          notifier.written();
        } finally {
          client.release();
        }
      }),
    );

    await eventually(() => received.length === 20);
    await notifier.close();
  });

  it('stops promptly when asked to stop while a pass is running', async () => {
    const type = uniqueType();
    const received = await aConsumerOf(type);
    let gate: Promise<void> = Promise.resolve();
    let release: () => void = () => undefined;
    let publishing: () => void = () => undefined;
    const slowBus = {
      publish: async (events: AnyEnvelope | readonly AnyEnvelope[]) => {
        publishing();
        await gate;
        await bus.publish(events);
      },
    };
    const relay = await startOutboxRelay({
      pool: db.pool,
      schema: db.schema,
      bus: slowBus,
      logger: quietLogger(),
      pollIntervalMs: 600_000,
    });
    await commitWithEvent(anEvent({ type }));
    await eventually(() => received.length === 1); // the relay is idle again, waiting for a wake-up
    gate = new Promise<void>((resolve) => (release = resolve));
    const inPass = new Promise<void>((resolve) => (publishing = resolve));

    await commitWithEvent(anEvent({ type })); // its NOTIFY starts a pass, held in publish
    await inPass;
    const stopped = relay.stop().then(() => 'stopped');
    release();
    const outcome = await Promise.race([
      stopped,
      new Promise((resolve) => setTimeout(resolve, 5_000, 'still running')),
    ]);

    expect(outcome).toBe('stopped');
  });

  it('publishes each row once when several relays run side by side', async () => {
    const type = uniqueType();
    const received = await aConsumerOf(type);
    await Promise.all([
      aRelay({ pollIntervalMs: 50 }),
      aRelay({ pollIntervalMs: 50 }),
      aRelay({ pollIntervalMs: 50 }),
    ]);
    const events = Array.from({ length: 60 }, () => anEvent({ type }));

    await Promise.all(events.map((event) => commitWithEvent(event)));

    await eventually(() => received.length >= events.length);
    expect(new Set(received.map((e) => e.id)).size).toBe(events.length);
    expect(received).toHaveLength(events.length);
  });

  it('keeps relaying after its LISTEN connection is killed', async () => {
    const type = uniqueType();
    const received = await aConsumerOf(type);
    await aRelay({ pollIntervalMs: 600_000 });
    const listeners = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`;
    const { rows: before } = await db.pool.query(
      `SELECT pid, pg_terminate_backend(pid) FROM (${listeners}) AS l`,
    );
    await eventually(async () =>
      (await db.pool.query(listeners)).rows.some((row) => row.pid !== before[0].pid),
    );

    await commitWithEvent(anEvent({ type }));

    await eventually(() => received.length === 1);
  });

  it('keeps an event no queue is bound for unpublished, without holding up the others', async () => {
    const type = uniqueType();
    const received = await aConsumerOf(type);
    const orphan = anEvent({ type: uniqueType('NobodyListens') });
    await commitWithEvent(orphan);
    await aRelay({ pollIntervalMs: 50 });

    await commitWithEvent(anEvent({ type }));

    await eventually(() => received.length === 1);
    const { rows } = await eventually(async () => {
      const result = await db.pool.query(
        'SELECT published_at, attempts FROM licences.outbox_events WHERE id = $1',
        [orphan.id],
      );
      return result.rows[0].attempts > 0 && result;
    });
    expect(rows[0].published_at).toBeNull();
    await db.pool.query('DELETE FROM licences.outbox_events WHERE id = $1', [orphan.id]);
  });

  it('deletes published rows once they are older than the retention', async () => {
    const old = anEvent();
    const recent = anEvent();
    const unpublished = anEvent();
    await commitWithEvent(old);
    await commitWithEvent(recent);
    await commitWithEvent(unpublished);
    await db.pool.query(
      `UPDATE licences.outbox_events SET published_at = now() - interval '8 days' WHERE id = $1`,
      [old.id],
    );
    await db.pool.query(`UPDATE licences.outbox_events SET published_at = now() WHERE id = $1`, [recent.id]);

    await deletePublishedOutboxRows({ pool: db.pool, schema: db.schema, olderThanMs: 7 * 24 * 3_600_000 });

    const { rows } = await db.pool.query('SELECT id FROM licences.outbox_events WHERE id = ANY($1)', [
      [old.id, recent.id, unpublished.id],
    ]);
    expect(rows.map((r) => r.id).sort()).toEqual([recent.id, unpublished.id].sort());
  });
});
