import type { ChannelModel } from 'amqplib';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger, type Logger } from '@lmp/logger';
import { BusConnection, type ReconnectOptions } from './connection';
import { Subscription, type ConsumeOptions } from './consumer';
import { BusUnavailableError } from './errors';
import { Publisher, type EventPublisher } from './publisher';
import { StateSignal } from './state-signal';
import {
  DEFAULT_DEAD_LETTER_EXCHANGE,
  DEFAULT_DELIVERY_LIMIT,
  DEFAULT_EVENTS_EXCHANGE,
  assertConsumerQueue,
  assertExchanges,
  type ExchangeNames,
} from './topology';

export interface BusOptions {
  /** `amqp://user:password@host:5672/vhost`. */
  url: string;
  /** Shown by `rabbitmqctl list_connections` and the management UI, e.g. the service name. */
  connectionName?: string;
  logger?: Logger;
  /** Default `lmp.events`. */
  exchange?: string;
  /** Default `lmp.dead-letter`. */
  deadLetterExchange?: string;
  /** Default for consumers: redeliveries after failures before dead-lettering. Default 5. */
  deliveryLimit?: number;
  /** Default for consumers. Default 10. */
  prefetch?: number;
  /** How long `publish` waits for a (re)connection before it rejects. Default 10 s. */
  publishTimeoutMs?: number;
  /** How long `publish` waits for the broker's confirms. Default 30 s. */
  confirmTimeoutMs?: number;
  /** How long `close` waits for handlers and publishes in flight. Default 10 s. */
  shutdownTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  /**
   * Queues to declare (with their dead-letter queues and bindings) on every (re)connect without
   * consuming from them: the platform's whole subscription map, so an event always has a queue
   * even before the service that consumes it is deployed.
   */
  declareQueues?: readonly { name: string; eventTypes: readonly string[] }[];
}

export interface Bus extends EventPublisher {
  /** Declares the queue (and its dead-letter queue), binds the event types, starts consuming. */
  consume(options: ConsumeOptions): Promise<Subscription>;
  /** For /readyz: connected, publishing channel open, every consumer consuming. */
  isHealthy(): boolean;
  /**
   * Messages of a queue not yet handled: those waiting on the broker plus those this process is
   * handling now (another replica's in-flight ones are not seen). 0 means the consumer has caught
   * up with what was published so far — e.g. a projection is complete enough to build on.
   */
  backlog(queue: string): Promise<number>;
  /** Cancels consumers, lets handlers in flight finish (bounded), then closes the connection. */
  close(): Promise<void>;
}

/** Connects (retrying with backoff, bounded at start-up) and declares the exchanges. */
export async function connectBus(options: BusOptions): Promise<Bus> {
  const bus = new MessageBus(options);
  await bus.open();
  return bus;
}

class MessageBus implements Bus {
  private readonly names: ExchangeNames;
  private readonly logger: Logger;
  private readonly signal = new StateSignal();
  private readonly connection: BusConnection;
  private readonly publisher: Publisher;
  private readonly subscriptions = new Set<Subscription>();
  private closing: Promise<void> | null = null;

  constructor(private readonly options: BusOptions) {
    this.names = {
      exchange: options.exchange ?? DEFAULT_EVENTS_EXCHANGE,
      deadLetterExchange: options.deadLetterExchange ?? DEFAULT_DEAD_LETTER_EXCHANGE,
    };
    this.logger = (options.logger ?? createLogger({ name: 'bus' })).child({ component: 'bus' });
    this.connection = new BusConnection({
      url: options.url,
      name: options.connectionName ?? 'lmp',
      logger: this.logger,
      reconnect: options.reconnect ?? {},
      setup: (model) => this.setup(model),
      onStateChange: () => this.signal.notify(),
    });
    this.publisher = new Publisher({
      exchange: this.names.exchange,
      logger: this.logger,
      signal: this.signal,
      publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
      confirmTimeoutMs: options.confirmTimeoutMs ?? 30_000,
      isCurrent: (model) => this.connection.isCurrent(model),
      terminalError: () => this.connection.terminalError(),
    });
  }

  open(): Promise<void> {
    return this.connection.open();
  }

  publish(envelopes: AnyEnvelope | readonly AnyEnvelope[]): Promise<void> {
    if (this.closing) return Promise.reject(new BusUnavailableError('the bus is closed; publish refused'));
    return this.publisher.publish(envelopes);
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    if (this.closing) throw new BusUnavailableError('the bus is closed; cannot start a consumer');
    if ([...this.subscriptions].some((s) => s.queue === options.queue)) {
      throw new Error(`queue ${options.queue} already has a consumer on this bus`);
    }
    const subscription = new Subscription(
      {
        ...options,
        prefetch: options.prefetch ?? this.options.prefetch ?? 10,
        deliveryLimit: options.deliveryLimit ?? this.options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT,
      },
      {
        names: this.names,
        logger: this.logger,
        isCurrent: (model) => this.connection.isCurrent(model),
        onStateChange: () => this.signal.notify(),
      },
    );
    this.subscriptions.add(subscription);
    const model = this.connection.currentModel();
    // While disconnected the next reconnect starts it (setup walks every subscription).
    if (model) {
      try {
        await subscription.start(model);
      } catch (error) {
        if (this.connection.isCurrent(model)) {
          this.subscriptions.delete(subscription);
          throw error;
        }
      }
    }
    return subscription;
  }

  async backlog(queue: string): Promise<number> {
    const model = this.connection.currentModel();
    if (!model || this.closing) throw new BusUnavailableError('the bus is not connected');
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      const { messageCount } = await channel.checkQueue(queue);
      const inFlight = [...this.subscriptions].find((s) => s.queue === queue)?.inFlightCount() ?? 0;
      return messageCount + inFlight;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  isHealthy(): boolean {
    if (this.closing || !this.connection.isUp() || !this.publisher.isReady()) return false;
    return [...this.subscriptions].every((s) => s.isActive());
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const timeoutMs = this.options.shutdownTimeoutMs ?? 10_000;
    this.logger.info({ consumers: this.subscriptions.size }, 'closing the bus');
    await Promise.all([...this.subscriptions].map((s) => s.stop(timeoutMs)));
    await this.publisher.close(timeoutMs);
    await this.connection.close();
    this.logger.info('bus closed');
  }

  /** Every (re)connect: exchanges first, then the publishing channel and every consumer (each
   * consumer declares its own queues). Any failure closes the connection and retries. */
  private async setup(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      await assertExchanges(channel, this.names);
      const deliveryLimit = this.options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT;
      for (const queue of this.options.declareQueues ?? []) {
        await assertConsumerQueue(channel, { ...queue, deliveryLimit }, this.names);
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
    await this.publisher.attach(model);
    await Promise.all([...this.subscriptions].map((s) => s.start(model)));
  }
}
