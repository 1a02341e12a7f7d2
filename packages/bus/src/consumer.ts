import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { ZAnyEnvelope, type AnyEnvelope } from '@lmp/contracts';
import { runWithContext, type Logger } from '@lmp/logger';
import { isPoisonMessage, isTransientFailure, messageOf } from './errors';
import { backoffDelay, sleep } from './timing';
import { assertConsumerQueue, type ConsumerQueue, type ExchangeNames } from './topology';

export interface Delivery {
  queue: string;
  redelivered: boolean;
  /** 1 on the first delivery; after `deliveryLimit + 1` failed deliveries the message is dead-lettered. */
  deliveryCount: number;
}

/**
 * Like an API route for messages: throw to have the message retried, return to have it acked,
 * throw a poison-message error (invalid data) to have it dead-lettered at once.
 */
export type EventHandler = (envelope: AnyEnvelope, delivery: Delivery) => Promise<void>;

export interface ConsumeOptions {
  /** `<service>.<event group>`, e.g. `licences.transmission-events`. */
  queue: string;
  /** Event types (routing keys) bound to the queue. */
  eventTypes: readonly string[];
  handler: EventHandler;
  /** Messages handled concurrently. Default 10. */
  prefetch?: number;
  /** Redeliveries after a failure before dead-lettering (so at most limit + 1 attempts). Default: the bus's (5). */
  deliveryLimit?: number;
  /**
   * First wait before a failed message goes back to the queue, doubling with each failure (capped
   * at 30 s, jittered): with the default limit a dependency may be down for about half a minute
   * before an event is dead-lettered. Default 500 ms.
   */
  retryDelayMs?: number;
}

export interface SubscriptionDeps {
  names: ExchangeNames;
  logger: Logger;
  isCurrent(model: ChannelModel): boolean;
  onStateChange(): void;
}

/** One consumer on its own channel; restarted on a new channel whenever it is lost. */
export class Subscription {
  readonly spec: ConsumerQueue;
  private channel: Channel | null = null;
  private consumerTag: string | null = null;
  private starting: { model: ChannelModel; promise: Promise<void> } | null = null;
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private restartAttempt = 0;
  private inFlight = 0;
  private readonly idleWaiters = new Set<() => void>();
  private readonly logger: Logger;

  constructor(
    private readonly options: ConsumeOptions & { deliveryLimit: number; prefetch: number },
    private readonly deps: SubscriptionDeps,
  ) {
    this.spec = { name: options.queue, eventTypes: options.eventTypes, deliveryLimit: options.deliveryLimit };
    this.logger = deps.logger.child({ queue: options.queue });
  }

  get queue(): string {
    return this.spec.name;
  }

  /** Messages handed to the handler and not settled yet. */
  inFlightCount(): number {
    return this.inFlight;
  }

  isActive(): boolean {
    return this.consumerTag !== null && !this.stopping;
  }

  /** Opens a channel on `model` and starts consuming; a no-op if already done on that model. */
  start(model: ChannelModel): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.starting?.model === model) return this.starting.promise;
    const promise = this.open(model).finally(() => {
      if (this.starting?.promise === promise) this.starting = null;
    });
    this.starting = { model, promise };
    return promise;
  }

  /** Cancels the consumer, waits (bounded) for handlers in flight, then closes the channel. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stopSignal.abort();
    const { channel, consumerTag } = this;
    this.consumerTag = null;
    if (channel && consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
    if (!(await this.waitUntilIdle(timeoutMs))) {
      this.logger.warn(
        { inFlight: this.inFlight },
        'shutdown timeout: unfinished messages will be redelivered',
      );
    }
    this.channel = null;
    await channel?.close().catch(() => undefined);
    this.deps.onStateChange();
  }

  private async open(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) =>
      this.logger.warn({ reason: error.message }, 'consumer channel error'),
    );
    channel.on('close', () => this.onChannelClosed(channel, model));
    try {
      await assertConsumerQueue(channel, this.spec, this.deps.names);
      await channel.prefetch(this.options.prefetch);
      const { consumerTag } = await channel.consume(this.queue, (message) =>
        this.onMessage(channel, message),
      );
      if (this.stopping) {
        await channel.close().catch(() => undefined);
        return;
      }
      this.channel = channel;
      this.consumerTag = consumerTag;
      this.restartAttempt = 0;
      this.logger.info({ eventTypes: this.spec.eventTypes }, 'consuming');
      this.deps.onStateChange();
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
  }

  private onMessage(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted or a node lost); a fresh channel re-declares it.
      this.logger.warn('consumer cancelled by the broker');
      void channel.close().catch(() => undefined);
      return;
    }
    if (this.stopping) {
      // Shutting down: start no new work; the broker hands it to another replica.
      settle(channel, message, 'requeue');
      return;
    }
    const envelope = parseEnvelope(message);
    if (!envelope.ok) {
      this.logger.error(
        {
          messageId: message.properties.messageId,
          routingKey: message.fields.routingKey,
          reason: envelope.reason,
        },
        'dead-lettering a message that is not a valid event envelope',
      );
      settle(channel, message, 'reject');
      return;
    }
    if (!this.spec.eventTypes.includes(envelope.value.type)) {
      // A binding left over from an older version: park it where someone will see it.
      this.logger.error(
        { eventId: envelope.value.id, eventType: envelope.value.type },
        'dead-lettering an event type this consumer does not handle',
      );
      settle(channel, message, 'reject');
      return;
    }
    this.inFlight += 1;
    void this.handle(channel, message, envelope.value).finally(() => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of [...this.idleWaiters]) resolve();
    });
  }

  private async handle(channel: Channel, message: ConsumeMessage, envelope: AnyEnvelope): Promise<void> {
    const failures = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
    const delivery: Delivery = {
      queue: this.queue,
      redelivered: message.fields.redelivered,
      deliveryCount: failures + 1,
    };
    const context = {
      requestId: envelope.correlationId,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    };
    await runWithContext(context, async () => {
      const meta = { eventId: envelope.id, eventType: envelope.type, deliveryCount: delivery.deliveryCount };
      try {
        await this.options.handler(envelope, delivery);
        settle(channel, message, 'ack');
        this.logger.debug(meta, 'event handled');
      } catch (error) {
        if (isPoisonMessage(error)) {
          this.logger.error(
            { ...meta, err: error },
            'event handler refused the message as invalid; it goes to the dead-letter queue now',
          );
          settle(channel, message, 'reject');
          return;
        }
        const exhausted = failures >= this.spec.deliveryLimit;
        // A race that the next delivery resolves is worth a warning; anything else, or a race
        // that used up the deliveries, is an error.
        const level = !exhausted && isTransientFailure(error) ? 'warn' : 'error';
        this.logger[level](
          { ...meta, deliveryLimit: this.spec.deliveryLimit, err: error },
          exhausted
            ? 'event handler failed; the message goes to the dead-letter queue'
            : 'event handler failed; the message will be redelivered',
        );
        // Hold the message a while before it returns: an immediate requeue would spend the whole
        // delivery limit in milliseconds during a short outage. Shutdown cuts the wait short.
        if (!exhausted) {
          const initialMs = this.options.retryDelayMs ?? 500;
          await sleep(backoffDelay(failures + 1, { initialMs, maxMs: 30_000 }), this.stopSignal.signal);
        }
        settle(channel, message, 'requeue');
      }
    });
  }

  private onChannelClosed(channel: Channel, model: ChannelModel): void {
    if (this.channel !== channel) return;
    this.channel = null;
    this.consumerTag = null;
    this.deps.onStateChange();
    // A lost connection is handled by the reconnect (which starts every consumer again);
    // a channel lost on a live connection is re-opened here.
    if (!this.stopping && this.deps.isCurrent(model)) this.scheduleRestart(model);
  }

  private scheduleRestart(model: ChannelModel): void {
    const delay = backoffDelay(++this.restartAttempt);
    setTimeout(() => {
      // The channel's close event comes before the connection's: only now is it clear which.
      if (this.stopping || this.channel || !this.deps.isCurrent(model)) return;
      this.logger.warn(
        { attempt: this.restartAttempt },
        'consumer channel closed on a live connection; restarting the consumer',
      );
      this.start(model).catch((error: unknown) => {
        this.logger.warn({ reason: messageOf(error) }, 'could not restart the consumer');
        if (this.deps.isCurrent(model)) this.scheduleRestart(model);
      });
    }, delay).unref();
  }

  private waitUntilIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idleWaiters.add(onIdle);
    });
  }
}

function parseEnvelope(
  message: ConsumeMessage,
): { ok: true; value: AnyEnvelope } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(message.content.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${messageOf(error)}` };
  }
  const parsed = ZAnyEnvelope.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  return { ok: true, value: parsed.data };
}

/** Acks or nacks; on a channel that closed meanwhile the broker redelivers, which is fine. */
function settle(channel: Channel, message: ConsumeMessage, outcome: 'ack' | 'requeue' | 'reject'): void {
  try {
    if (outcome === 'ack') channel.ack(message);
    else channel.nack(message, false, outcome === 'requeue');
  } catch {
    // IllegalOperationError: channel closed. The message is still unacked on the broker.
  }
}
