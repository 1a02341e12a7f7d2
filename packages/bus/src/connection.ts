import { connect, type ChannelModel, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from '@lmp/logger';
import { BusUnavailableError, messageOf } from './errors';

export interface ReconnectOptions {
  /** First delay after a connection loss. Default 200 ms. */
  initialDelayMs?: number;
  /** Cap of the exponential backoff (jitter included). Default 30 s. */
  maxDelayMs?: number;
  /** ± fraction of random spread so replicas do not reconnect in lockstep. Default 0.2. */
  jitter?: number;
  /** Failed attempts before the first connection gives up (start-up fails fast). Default 10. */
  initialMaxRetries?: number;
}

export interface BusConnectionOptions {
  url: string;
  name: string;
  logger: Logger;
  reconnect: ReconnectOptions;
  /** Runs on every (re)connect before the connection counts as up; a throw makes it retry. */
  setup(model: ChannelModel): Promise<void>;
  /** Called whenever the connection comes up or goes down. */
  onStateChange(): void;
}

/**
 * One AMQP connection that heals itself. amqplib 2.x recovers the connection (exponential backoff
 * with jitter, capped) but not channels or consumers: `setup` re-creates those on each connect.
 */
export class BusConnection {
  private recovering: RecoveringChannelModel | null = null;
  /** The connection being set up or in use; null while disconnected. */
  private model: ChannelModel | null = null;
  private up = false;
  private closed = false;
  private failure: Error | null = null;

  constructor(private readonly options: BusConnectionOptions) {}

  async open(): Promise<void> {
    const { url, name, reconnect, logger } = this.options;
    const recovering = await connect(url, {
      clientProperties: { connection_name: name },
      recovery: {
        initialDelay: reconnect.initialDelayMs ?? 200,
        maxDelay: reconnect.maxDelayMs ?? 30_000,
        factor: 2,
        jitter: reconnect.jitter ?? 0.2,
        maxRetries: Infinity,
        initialMaxRetries: reconnect.initialMaxRetries ?? 10,
        waitForConnect: false,
        setup: async (model: ChannelModel) => {
          this.model = model;
          await this.options.setup(model);
        },
      },
    });
    this.recovering = recovering;
    recovering.on('connect', (model: ChannelModel) => {
      this.model = model;
      this.up = true;
      logger.info({ connection: name }, 'connected to the message broker');
      this.options.onStateChange();
    });
    recovering.on('disconnect', (error: Error) => {
      this.model = null;
      this.up = false;
      logger.warn({ connection: name, reason: error.message }, 'lost the message broker connection');
      this.options.onStateChange();
    });
    recovering.on('connect-failed', (error: Error) => {
      this.model = null;
      logger.warn({ connection: name, reason: error.message }, 'could not connect to the message broker');
    });
    recovering.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) => {
      logger.info({ connection: name, attempt, delayMs: delay }, 'reconnecting to the message broker');
    });
    recovering.on('reconnect-failed', (error: Error) => {
      this.failure = error;
      logger.error({ connection: name, reason: error.message }, 'gave up connecting to the message broker');
      this.options.onStateChange();
    });
    recovering.on('error', (error: Error) =>
      logger.warn({ connection: name, reason: error.message }, 'broker connection error'),
    );
    recovering.on('blocked', (reason: string) =>
      logger.warn({ connection: name, reason }, 'broker blocked publishing'),
    );
    recovering.on('unblocked', () => logger.info({ connection: name }, 'broker unblocked publishing'));
    recovering.on('handler-error', (error: Error, event: string) =>
      logger.error({ err: error, event }, 'a broker connection listener threw'),
    );
    try {
      await recovering.waitForConnect();
    } catch (error) {
      throw new BusUnavailableError(`cannot connect to the message broker: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /** The connection channels should be opened on now, if any. */
  currentModel(): ChannelModel | null {
    return this.closed ? null : this.model;
  }

  isCurrent(model: ChannelModel): boolean {
    return !this.closed && this.model === model;
  }

  isUp(): boolean {
    return this.up && !this.closed;
  }

  /** Why no connection will come back (closed, or recovery gave up); null while one may. */
  terminalError(): Error | null {
    if (this.closed) return new BusUnavailableError('the bus is closed');
    return this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.up = false;
    this.options.onStateChange();
    await this.recovering?.close();
  }
}
