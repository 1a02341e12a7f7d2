import type { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import { ZAnyEnvelope, type AnyEnvelope } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import { BusUnavailableError, PublishNotConfirmedError, UnroutableEventError, messageOf } from './errors';
import type { StateSignal } from './state-signal';
import { backoffDelay, withTimeout } from './timing';

/** What the outbox relay (and anything else that publishes) needs from the bus. */
export interface EventPublisher {
  /** Resolves once the broker has confirmed every event; see the README for the failure modes. */
  publish(envelopes: AnyEnvelope | readonly AnyEnvelope[]): Promise<void>;
}

export interface PublisherOptions {
  exchange: string;
  logger: Logger;
  signal: StateSignal;
  publishTimeoutMs: number;
  confirmTimeoutMs: number;
  isCurrent(model: ChannelModel): boolean;
  terminalError(): Error | null;
}

interface PublishingChannel {
  channel: ConfirmChannel;
  /** Event ids the broker returned as unroutable and whose confirm has not arrived yet. */
  returned: Map<string, { count: number; reason: string }>;
}

type Outcome =
  | { envelope: AnyEnvelope; status: 'confirmed' }
  | { envelope: AnyEnvelope; status: 'unroutable' | 'failed'; reason: string };

/** Publishes on one confirm channel, re-opened whenever it or the connection is lost. */
export class Publisher implements EventPublisher {
  private current: PublishingChannel | null = null;
  private reopenAttempt = 0;
  private closing = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: PublisherOptions) {}

  isReady(): boolean {
    return this.current !== null && !this.closing;
  }

  async attach(model: ChannelModel): Promise<void> {
    const { logger, signal } = this.options;
    const channel = await model.createConfirmChannel();
    const state: PublishingChannel = { channel, returned: new Map() };
    // RabbitMQ sends basic.return before the basic.ack of the same message, so by the time its
    // confirm callback runs we already know whether it was routed.
    channel.on('return', (message: Message) => {
      const id = String(message.properties.messageId);
      const entry = state.returned.get(id) ?? { count: 0, reason: '' };
      // basic.return carries replyCode/replyText, which amqplib's types leave out.
      const fields = message.fields as Message['fields'] & { replyCode?: number; replyText?: string };
      const reason = `${fields.replyCode ?? 312} ${fields.replyText ?? 'NO_ROUTE'}`;
      state.returned.set(id, { count: entry.count + 1, reason });
    });
    channel.on('error', (error: Error) => logger.warn({ reason: error.message }, 'publishing channel error'));
    channel.on('close', () => {
      if (this.current !== state) return;
      this.current = null;
      signal.notify();
      if (!this.closing && this.options.isCurrent(model)) this.scheduleReopen(model);
    });
    this.current = state;
    this.reopenAttempt = 0;
    signal.notify();
  }

  async publish(input: AnyEnvelope | readonly AnyEnvelope[]): Promise<void> {
    const envelopes = (Array.isArray(input) ? input : [input]).map((envelope: unknown) =>
      ZAnyEnvelope.parse(envelope),
    );
    if (envelopes.length === 0) return;
    const task = this.publishAll(envelopes);
    this.pending.add(task);
    try {
      await task;
    } finally {
      this.pending.delete(task);
    }
  }

  /** Waits (bounded) for publishes in progress to be confirmed, then closes the channel. */
  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    await withTimeout(Promise.allSettled([...this.pending]), timeoutMs, () => new Error('timeout')).catch(
      () => {
        this.options.logger.warn(
          { pending: this.pending.size },
          'closing the bus with publishes still unconfirmed',
        );
      },
    );
    const state = this.current;
    this.current = null;
    await state?.channel.close().catch(() => undefined);
  }

  private async publishAll(envelopes: AnyEnvelope[]): Promise<void> {
    const { exchange, publishTimeoutMs, confirmTimeoutMs } = this.options;
    const state = await this.waitForChannel(publishTimeoutMs);
    const outcomes: Promise<Outcome>[] = [];
    for (const envelope of envelopes) {
      const { outcome, writable } = this.send(state, envelope);
      outcomes.push(outcome);
      if (!writable) await drained(state.channel);
    }
    const ids = envelopes.map((envelope) => envelope.id);
    const settled = await withTimeout(
      Promise.all(outcomes),
      confirmTimeoutMs,
      () => new PublishNotConfirmedError(ids, new Error(`no confirm within ${confirmTimeoutMs} ms`)),
    );
    const unroutable = settled.filter((o) => o.status === 'unroutable');
    const failed = settled.filter((o) => o.status === 'failed');
    if (failed.length > 0) {
      const first = failed[0];
      throw new PublishNotConfirmedError(
        failed.map((o) => o.envelope.id),
        new Error(first && 'reason' in first ? first.reason : 'unknown'),
      );
    }
    if (unroutable.length > 0) {
      throw new UnroutableEventError(
        exchange,
        unroutable.map((o) => ({
          id: o.envelope.id,
          type: o.envelope.type,
          reason: 'reason' in o ? o.reason : '',
        })),
      );
    }
  }

  private send(
    state: PublishingChannel,
    envelope: AnyEnvelope,
  ): { outcome: Promise<Outcome>; writable: boolean } {
    let writable = true;
    const outcome = new Promise<Outcome>((resolve) => {
      try {
        writable = state.channel.publish(
          this.options.exchange,
          envelope.type,
          Buffer.from(JSON.stringify(envelope)),
          {
            mandatory: true,
            persistent: true,
            contentType: 'application/json',
            messageId: envelope.id,
            type: envelope.type,
            correlationId: envelope.correlationId,
            timestamp: Math.floor(Date.now() / 1000),
            headers: { 'x-event-version': envelope.version, 'x-causation-id': envelope.causationId ?? '' },
          },
          (error: unknown) => {
            if (error) return resolve({ envelope, status: 'failed', reason: messageOf(error) });
            const returned = state.returned.get(envelope.id);
            if (!returned) return resolve({ envelope, status: 'confirmed' });
            if (returned.count <= 1) state.returned.delete(envelope.id);
            else returned.count -= 1;
            resolve({ envelope, status: 'unroutable', reason: returned.reason });
          },
        );
      } catch (error) {
        resolve({ envelope, status: 'failed', reason: messageOf(error) });
      }
    });
    return { outcome, writable };
  }

  private waitForChannel(timeoutMs: number): Promise<PublishingChannel> {
    return this.options.signal.waitFor(
      () => {
        if (this.closing) throw new BusUnavailableError('the bus is closing; publish refused');
        const terminal = this.options.terminalError();
        if (terminal) throw terminal;
        return this.current;
      },
      timeoutMs,
      () =>
        new BusUnavailableError(
          `no connection to the message broker within ${timeoutMs} ms; publish refused`,
        ),
    );
  }

  private scheduleReopen(model: ChannelModel): void {
    const delay = backoffDelay(++this.reopenAttempt);
    setTimeout(() => {
      // The channel's close event comes before the connection's: only now is it clear which.
      if (this.closing || this.current || !this.options.isCurrent(model)) return;
      this.options.logger.warn(
        { attempt: this.reopenAttempt },
        'publishing channel closed on a live connection; re-opening it',
      );
      this.attach(model).catch((error: unknown) => {
        this.options.logger.warn({ reason: messageOf(error) }, 'could not re-open the publishing channel');
        if (this.options.isCurrent(model)) this.scheduleReopen(model);
      });
    }, delay).unref();
  }
}

function drained(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.on('drain', done);
    channel.on('close', done);
  });
}
