import type { Channel } from 'amqplib';

export const DEFAULT_EVENTS_EXCHANGE = 'lmp.events';
export const DEFAULT_DEAD_LETTER_EXCHANGE = 'lmp.dead-letter';
export const DEFAULT_DELIVERY_LIMIT = 5;

export interface ExchangeNames {
  /** Durable topic exchange every domain event is published to; routing key = event type. */
  exchange: string;
  /** Durable direct exchange rejected messages go to; routing key = the queue they came from. */
  deadLetterExchange: string;
}

export interface ConsumerQueue {
  /** `<service>.<event group>`, e.g. `licences.transmission-events`. */
  name: string;
  eventTypes: readonly string[];
  /** Redeliveries the quorum queue allows after failures (RabbitMQ's `x-delivery-limit`): a
   * message is handled at most `deliveryLimit + 1` times, then dead-lettered. */
  deliveryLimit: number;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

/** Arguments of a consumer queue. RabbitMQ refuses a re-declaration with different ones. */
export function consumerQueueArguments(
  queue: ConsumerQueue,
  names: ExchangeNames,
): Record<string, string | number> {
  return {
    'x-queue-type': 'quorum',
    // RabbitMQ 3.x has no default delivery limit for quorum queues: without it a poison
    // message that keeps failing would be redelivered forever.
    'x-delivery-limit': queue.deliveryLimit,
    'x-dead-letter-exchange': names.deadLetterExchange,
    // Dead letters keep their origin apart: one dead-letter queue per consumer queue.
    'x-dead-letter-routing-key': queue.name,
  };
}

export async function assertExchanges(channel: Channel, names: ExchangeNames): Promise<void> {
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
}

/**
 * Declares a consumer queue, its dead-letter queue and the bindings. Idempotent, so it runs on
 * every (re)connect; bindings for types no longer listed are left alone (remove them by hand).
 */
export async function assertConsumerQueue(
  channel: Channel,
  queue: ConsumerQueue,
  names: ExchangeNames,
): Promise<void> {
  const dlq = deadLetterQueueName(queue.name);
  await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(dlq, names.deadLetterExchange, queue.name);
  await channel.assertQueue(queue.name, { durable: true, arguments: consumerQueueArguments(queue, names) });
  for (const type of queue.eventTypes) {
    await channel.bindQueue(queue.name, names.exchange, type);
  }
}
