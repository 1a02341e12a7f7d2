// A real PostgreSQL restart (`pg_ctl stop -m immediate`, a throwaway cluster of this suite's own)
// while the relay and a consumer hold checked-out clients idle in a transaction: the clients'
// 'error' events must not crash the process, and both must carry on by themselves once the
// server is back. Terminating backends on the shared server does not show all of this.
import { Client, Pool } from 'pg';
import type { AnyEnvelope } from '@lmp/contracts';
import { deferred, eventually, startThrowawayPostgres, type ThrowawayPostgres } from '@lmp/testing';
import {
  appendToOutbox,
  createOutboxNotifier,
  idempotentHandler,
  startOutboxRelay,
  type Bus,
  type EventPublisher,
  type OutboxRelay,
} from '../src';
import { anEvent, uniqueType } from './support/events';
import { busTablesSql } from './support/test-database';
import { TestBroker, quietLogger } from './support/test-broker';

const SCHEMA = 'svc';

describe('a database restart (pg_ctl stop -m immediate)', () => {
  let cluster: ThrowawayPostgres;
  let pool: Pool;
  let broker: TestBroker;
  let bus: Bus;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    [cluster, broker] = await Promise.all([startThrowawayPostgres(), TestBroker.create()]);
    const tables = await busTablesSql(SCHEMA);
    await withClient(cluster.url, (admin) => admin.query(tables));
    // As a service's pool: idle clients that lose the server are logged and replaced.
    pool = new Pool({ connectionString: cluster.url, max: 10 });
    pool.on('error', () => undefined);
    bus = await broker.bus();
  }, 60_000);

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    if (!(await cluster.isRunning())) await cluster.start();
  });

  afterAll(async () => {
    await pool?.end().catch(() => undefined);
    await broker?.dispose();
    await cluster?.destroy();
  });

  /** Waits until the pool's idle clients have seen the server go (only checked-out ones are left). */
  const serverGoneFor = (checkedOut: number) => eventually(() => pool.totalCount <= checkedOut);

  async function commitWithEvent(event: AnyEnvelope): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await appendToOutbox(client, [event], { schema: SCHEMA, notify: true });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async function consumerOf(type: string): Promise<AnyEnvelope[]> {
    const received: AnyEnvelope[] = [];
    await bus.consume({
      queue: `restart-test.${type}`,
      eventTypes: [type],
      handler: async (e) => void received.push(e),
    });
    return received;
  }

  it('the relay survives losing its client while it waits for confirms, then publishes and listens again', async () => {
    const type = uniqueType();
    const received = await consumerOf(type);
    const inPublish = deferred();
    const gate = deferred();
    let held = true;
    // The real bus, held at the moment the pass has its rows locked and waits for the broker.
    const slowBus: EventPublisher = {
      async publish(envelopes) {
        if (held) {
          inPublish.resolve();
          await gate.promise;
        }
        return bus.publish(envelopes);
      },
    };
    relay = await startOutboxRelay({
      pool,
      schema: SCHEMA,
      bus: slowBus,
      logger: quietLogger(),
      pollIntervalMs: 60_000,
    });
    const first = anEvent({ type });
    await commitWithEvent(first);
    await inPublish.promise;

    await cluster.stop({ mode: 'immediate' });
    await serverGoneFor(1);
    createOutboxNotifier({ pool, schema: SCHEMA, windowMs: 0 }).written(); // a NOTIFY that fails
    held = false;
    gate.resolve(); // published, but the pass cannot commit: it rolls back and retries
    await cluster.start();

    await eventually(() => received.some((e) => e.id === first.id));
    await eventually(async () => (await unpublished()) === 0);
    // The poll is a minute away, so only a re-established LISTEN publishes this one soon.
    const second = anEvent({ type });
    await commitWithEvent(second);
    await eventually(() => received.some((e) => e.id === second.id));
  }, 60_000);

  it('an idempotent handler survives losing its transaction mid-way and applies the redelivered event once', async () => {
    const type = uniqueType();
    const inHandler = deferred();
    const gate = deferred();
    let calls = 0;
    await pool.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.applied (event_id uuid NOT NULL)`);
    await bus.consume({
      queue: `restart-test.${type}`,
      eventTypes: [type],
      retryDelayMs: 100,
      handler: idempotentHandler({
        pool,
        schema: SCHEMA,
        consumer: 'restart-test',
        async handle(tx, event) {
          calls += 1;
          if (calls === 1) {
            inHandler.resolve();
            await gate.promise; // idle in transaction, as a handler awaiting another call would be
          }
          await tx.query(`INSERT INTO ${SCHEMA}.applied (event_id) VALUES ($1)`, [event.id]);
        },
      }),
    });
    const event = anEvent({ type });
    await bus.publish([event]);
    await inHandler.promise;

    await cluster.stop({ mode: 'immediate' });
    await serverGoneFor(1);
    gate.resolve();
    await cluster.start();

    await eventually(async () => (await appliedCount(event.id)) === 1);
    expect(calls).toBeGreaterThanOrEqual(2);
    await bus.publish([event]); // a duplicate after recovery has no effect
    await eventually(async () => (await processedCount(event.id)) === 1);
    expect(await appliedCount(event.id)).toBe(1);
  }, 60_000);

  async function unpublished(): Promise<number> {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox_events WHERE published_at IS NULL`,
    );
    return rows[0].n;
  }
  async function appliedCount(eventId: string): Promise<number> {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.applied WHERE event_id = $1`,
      [eventId],
    );
    return rows[0].n;
  }
  async function processedCount(eventId: string): Promise<number> {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.processed_events WHERE event_id = $1`,
      [eventId],
    );
    return rows[0].n;
  }
});

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
