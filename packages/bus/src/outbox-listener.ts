import { escapeIdentifier, type Notification, type Pool, type PoolClient } from 'pg';
import type { Logger } from '@lmp/logger';
import { messageOf } from './errors';
import { backoffDelay } from './timing';

/**
 * Holds one pooled connection that LISTENs on the outbox channel and calls `onWake` for each
 * notification. When the connection dies (database restart, failover, idle kill) it reconnects
 * with backoff and wakes the relay once, since notifications sent meanwhile are lost.
 */
export class OutboxListener {
  private client: PoolClient | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: {
      pool: Pool;
      channel: string;
      logger: Logger;
      onWake(): void;
      /** Called each time LISTEN is (re-)established, i.e. the database answers again. */
      onListening?(): void;
    },
  ) {}

  isListening(): boolean {
    return this.client !== null;
  }

  /** Resolves after the first attempt; failures are retried in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    // Destroyed rather than UNLISTENed and returned: it still carries this listener's handlers,
    // which must not follow it to the pool's next borrower.
    client?.release(true);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { pool, channel, logger, onWake } = this.options;
    // Every failure below is caught: this runs from a timer, so nothing may reject unhandled.
    let client: PoolClient | undefined;
    try {
      client = await pool.connect();
      if (this.stopped) return client.release();
      const connection = client;
      const onLost = (error?: Error) => this.lost(connection, error);
      connection.on('error', onLost);
      connection.on('end', onLost);
      connection.on('notification', (message: Notification) => {
        if (message.channel === channel) onWake();
      });
      this.client = connection;
      await connection.query(`LISTEN ${escapeIdentifier(channel)}`);
      if (this.stopped) return;
      if (this.attempt > 0)
        logger.info({ channel, attempts: this.attempt }, 'outbox LISTEN connection re-established');
      else logger.info({ channel }, 'listening for outbox notifications');
      this.attempt = 0;
      this.options.onListening?.();
      // Rows committed while we were not listening sent notifications nobody heard.
      onWake();
    } catch (error) {
      if (client) this.lost(client, error instanceof Error ? error : new Error(messageOf(error)));
      else this.retryLater(error);
    }
  }

  private lost(client: PoolClient, error?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    // Destroy rather than return it to the pool: it is broken or still LISTENing.
    client.release(error ?? true);
    this.retryLater(error ?? new Error('connection ended'));
  }

  private retryLater(error: unknown): void {
    if (this.stopped) return;
    const delay = backoffDelay(++this.attempt, { initialMs: 500, maxMs: 30_000 });
    this.options.logger.warn(
      { reason: messageOf(error), delayMs: delay },
      'outbox LISTEN connection lost; the poll covers until it is back',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
