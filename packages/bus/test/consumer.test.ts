import type { GetMessage } from 'amqplib';
import type { AnyEnvelope } from '@lmp/contracts';
import { Writable } from 'node:stream';
import { createLogger } from '@lmp/logger';
import { deadLetterQueueName, TransientHandlerError, type Bus } from '../src';
import { anEvent, uniqueType } from './support/events';
import { deferred, eventually } from '@lmp/testing';
import { TestBroker } from './support/test-broker';

describe('bus.consume', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await TestBroker.create();
  });

  afterAll(async () => {
    await broker.dispose();
  });

  async function aConsumer(
    bus: Bus,
    handler: (event: AnyEnvelope) => Promise<void>,
    options: { deliveryLimit?: number; prefetch?: number; retryDelayMs?: number } = {},
  ) {
    const type = uniqueType();
    const queue = `consumer-test.${type}`;
    await bus.consume({ queue, eventTypes: [type], handler, ...options });
    return { type, queue };
  }

  async function deadLetters(queue: string, expected: number) {
    const messages: GetMessage[] = [];
    await eventually(async () => {
      messages.push(...(await broker.drain(deadLetterQueueName(queue))));
      return messages.length >= expected;
    });
    return messages;
  }

  it('counts as backlog the messages waiting on the broker and those being handled, then 0 once all are done', async () => {
    const bus = await broker.bus();
    const release = deferred<void>();
    const { type, queue } = await aConsumer(bus, () => release.promise, { prefetch: 1 });

    await bus.publish([anEvent({ type }), anEvent({ type }), anEvent({ type })]);

    // One in the handler (prefetch 1), two waiting on the broker.
    await eventually(async () => (await bus.backlog(queue)) === 3);
    release.resolve();
    await eventually(async () => (await bus.backlog(queue)) === 0);
  });

  it('dead-letters a message that cannot be parsed, and the others keep flowing', async () => {
    const bus = await broker.bus();
    const handled: string[] = [];
    const { type, queue } = await aConsumer(bus, async (event) => void handled.push(event.id));
    const before = anEvent({ type });
    const after = anEvent({ type });
    const channel = await broker.channel();

    await bus.publish(before);
    channel.publish('lmp.events', type, Buffer.from('{ this is not json'), { messageId: 'garbage-1' });
    channel.publish(
      'lmp.events',
      type,
      Buffer.from(JSON.stringify({ ...anEvent({ type }), id: 'not-a-uuid' })),
      { messageId: 'garbage-2' },
    );
    await bus.publish(after);

    await eventually(() => handled.length === 2);
    expect(handled).toEqual([before.id, after.id]);
    const dead = await deadLetters(queue, 2);
    expect(dead.map((m) => m.properties.messageId).sort()).toEqual(['garbage-1', 'garbage-2']);
    expect(dead[0]!.properties.headers?.['x-death']?.[0]).toMatchObject({ reason: 'rejected', queue });
    await channel.close();
  });

  it('dead-letters a message whose handler keeps failing after the delivery limit', async () => {
    const bus = await broker.bus();
    const poison = anEvent({ data: { poison: true } });
    const attempts: number[] = [];
    const handled: string[] = [];
    const { type, queue } = await aConsumer(
      bus,
      async (event) => {
        if (event.id === poison.id) {
          attempts.push(attempts.length + 1);
          throw new Error('handler keeps failing');
        }
        handled.push(event.id);
      },
      { deliveryLimit: 3, prefetch: 5 },
    );
    const others = [anEvent({ type }), anEvent({ type }), anEvent({ type })];

    await bus.publish([{ ...poison, type }, ...others]);

    await eventually(() => handled.length === others.length);
    const dead = await deadLetters(queue, 1);
    expect(dead[0]!.properties.messageId).toBe(poison.id);
    expect(dead[0]!.properties.headers?.['x-first-death-reason']).toBe('delivery_limit');
    // The limit counts redeliveries: the first delivery plus three retries.
    expect(attempts).toHaveLength(4);
    expect((await broker.queueInfo(queue)).messageCount).toBe(0);
  });

  it('retries a failing handler after growing waits, so a short outage does not dead-letter the event', async () => {
    const bus = await broker.bus();
    const attemptsAt: number[] = [];
    const { type, queue } = await aConsumer(
      bus,
      async () => {
        attemptsAt.push(Date.now());
        if (attemptsAt.length <= 3) throw new Error('database restarting');
      },
      { deliveryLimit: 5, retryDelayMs: 200 },
    );

    await bus.publish(anEvent({ type }));

    await eventually(() => attemptsAt.length === 4);
    const gaps = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    expect((await broker.queueInfo(deadLetterQueueName(queue))).messageCount).toBe(0);
  });

  it('logs a race that a redelivery resolves as a warning, and as an error once the deliveries are used up', async () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const bus = await broker.bus({ logger: createLogger({ name: 'bus-test', level: 'warn' }, sink) });
    let attempts = 0;
    const { type, queue } = await aConsumer(
      bus,
      async () => {
        attempts += 1;
        throw new TransientHandlerError('a row was created meanwhile by another transaction');
      },
      { deliveryLimit: 1, retryDelayMs: 10 },
    );

    await bus.publish(anEvent({ type }));

    await deadLetters(queue, 1);
    const failures = lines.filter((l) => l.msg.startsWith('event handler failed'));
    expect(attempts).toBe(2);
    expect(failures.map((l) => l.level)).toEqual([40, 50]); // warn, then error when dead-lettered
  });

  it('finishes in-flight messages on graceful shutdown', async () => {
    const bus = await broker.bus({ shutdownTimeoutMs: 20_000 });
    const release = deferred();
    const started: string[] = [];
    const finished: string[] = [];
    const { type, queue } = await aConsumer(
      bus,
      async (event) => {
        started.push(event.id);
        await release.promise;
        finished.push(event.id);
      },
      { prefetch: 10 },
    );
    const events = [anEvent({ type }), anEvent({ type }), anEvent({ type })];
    await bus.publish(events);
    await eventually(() => started.length === events.length);

    let closed = false;
    const closing = bus.close().then(() => {
      closed = true;
    });
    const late = await broker.channel();
    late.publish('lmp.events', type, Buffer.from(JSON.stringify(anEvent({ type }))));

    // Shutdown takes no new work: the late message stays in the queue while close waits.
    await eventually(async () => (await broker.queueInfo(queue)).messageCount === 1);
    expect(closed).toBe(false);
    expect(started).toHaveLength(events.length);
    release.resolve();
    await closing;

    expect(finished.sort()).toEqual(events.map((e) => e.id).sort());
    // The three in flight were acked before the channel closed; only the late one is left.
    expect((await broker.queueInfo(queue)).messageCount).toBe(1);
    await late.close();
  });

  it('consumes again after the broker drops the connection', async () => {
    const bus = await broker.bus();
    const handled: string[] = [];
    const { type } = await aConsumer(bus, async (event) => void handled.push(event.id));
    await broker.closeAllConnections();
    await eventually(() => bus.isHealthy());
    const event = anEvent({ type });
    await bus.publish(event);

    await eventually(() => handled.includes(event.id));
  });
});
