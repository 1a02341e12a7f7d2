import { getContext } from '@lmp/logger';
import { BusUnavailableError, UnroutableEventError } from '../src';
import { anEvent, uniqueType } from './support/events';
import { eventually, rabbitmqctl } from '@lmp/testing';
import { TestBroker } from './support/test-broker';

describe('bus.publish', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await TestBroker.create();
  });

  afterAll(async () => {
    await broker.dispose();
  });

  it('rejects a publish no queue is bound for', async () => {
    const bus = await broker.bus();
    const event = anEvent({ type: uniqueType('NobodyListens') });

    const published = bus.publish(event);

    await expect(published).rejects.toThrow(UnroutableEventError);
    await expect(published).rejects.toMatchObject({ eventIds: [event.id] });
    await expect(published).rejects.toThrow(/no queue bound/);
  });

  it("keeps an event for a consumer that is not running yet in the queue the platform's map declares", async () => {
    const type = uniqueType('LaterConsumed');
    const queue = `later-service.${type}`;
    const bus = await broker.bus({ declareQueues: [{ name: queue, eventTypes: [type] }] });

    await bus.publish(anEvent({ type }));

    expect(await broker.queueInfo(queue)).toEqual({ messageCount: 1, consumerCount: 0 });
  });

  it('delivers a persistent JSON message carrying the event id, type and correlation id', async () => {
    const bus = await broker.bus();
    const type = uniqueType();
    const queue = `publisher.${type}`;
    const received: Array<{ correlationId?: string }> = [];
    await bus.consume({
      queue,
      eventTypes: [type],
      handler: async () => void received.push({ ...getContext() }),
    });
    const event = anEvent({ type });

    await bus.publish(event);

    await eventually(() => received.length === 1);
    expect(received[0]).toEqual({
      requestId: event.correlationId,
      correlationId: event.correlationId,
      causationId: event.id,
    });
  });

  it('sets the message properties a broker tool or another client relies on', async () => {
    const bus = await broker.bus();
    const type = uniqueType();
    const channel = await broker.channel();
    await channel.assertExchange('lmp.events', 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'lmp.events', type);
    const event = anEvent({ type });

    await bus.publish(event);

    const message = await eventually(() => channel.get(queue, { noAck: true }));
    expect(message.properties).toMatchObject({
      messageId: event.id,
      type,
      correlationId: event.correlationId,
      contentType: 'application/json',
      deliveryMode: 2,
    });
    expect(message.properties.timestamp).toEqual(expect.any(Number));
    expect(JSON.parse(message.content.toString())).toEqual(event);
    await channel.close();
  });

  it('waits for the connection to come back, and refuses once it has waited too long', async () => {
    const impatient = await broker.bus({ publishTimeoutMs: 1_000 });
    const patient = await broker.bus({ publishTimeoutMs: 20_000 });
    const type = uniqueType();
    await patient.consume({ queue: `publisher.${type}`, eventTypes: [type], handler: async () => undefined });
    // The broker refuses to let the bus back in until permissions return.
    await rabbitmqctl('clear_permissions', '-p', broker.vhost.vhost, 'guest');
    await broker.closeAllConnections();
    await eventually(() => !impatient.isHealthy() && !patient.isHealthy());

    await expect(impatient.publish(anEvent({ type }))).rejects.toThrow(BusUnavailableError);

    const publishing = patient.publish(anEvent({ type }));
    await rabbitmqctl('set_permissions', '-p', broker.vhost.vhost, 'guest', '.*', '.*', '.*');
    await expect(publishing).resolves.toBeUndefined();
    await eventually(() => patient.isHealthy() && impatient.isHealthy());
  });
});
