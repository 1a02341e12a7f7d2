import type { Pool } from 'pg';
import { createTransport } from 'nodemailer';
import type { Logger } from '@lmp/logger';
import { addressProblem } from './header-safe';
import { assertMessageIdDomain } from './message-id';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry-policy';
import { sendDueMail } from './send-pass';
import { deleteSentMail } from './sent-mail-cleanup';
import { sleep } from './sleep';

export interface MailSenderOptions {
  pool: Pool;
  /** The schema holding mail_outbox (the service's own). */
  schema: string;
  smtp: {
    host: string;
    port: number;
    /** TLS from the start (port 465). Otherwise STARTTLS is used when the server offers it. */
    secure?: boolean;
    auth?: { user: string; pass: string } | undefined;
    /** Refuse to send unless STARTTLS succeeds (a relay outside the cluster). Default false. */
    requireTls?: boolean;
  };
  from: { address: string; name: string };
  /** Right-hand side of the Message-IDs, e.g. lmp.trade.ec.europa.eu; keep it stable. */
  messageIdDomain: string;
  logger: Logger;
  /** Rows per claim; the next claim starts once fewer than this many wait to be sent. Default 50. */
  batchSize?: number;
  /** Fallback when no wake() comes. Default 2 s. */
  pollIntervalMs?: number;
  retry?: RetryPolicy;
  /**
   * Messages in flight at once, each on its own SMTP connection. Default 1. A crash of the service
   * can resend at most this many mails plus MAX_UNMARKED_MAILS (4): those in flight and those the
   * server accepted whose mark had not returned yet.
   */
  concurrency?: number;
  /** How long claimed rows stay away from other senders; a crashed sender's rows return after it. Default 5 min. */
  leaseMs?: number;
  /** Sent rows older than this are deleted (their dedupe keys with them). Default 30 days. */
  retentionMs?: number;
  /** How often that deletion runs. Default 1 h. */
  cleanupIntervalMs?: number;
  /** false: no background loop, no clean-up; the caller drives it with drainOnce(). Default true. */
  run?: boolean;
}

export interface MailSender {
  /** Runs a pass soon: call after committing enqueued mail. */
  wake(): void;
  /**
   * Finishes the sends in flight, writes the marks of every accepted mail, hands back what it
   * claimed and did not start, closes SMTP.
   */
  stop(): Promise<void>;
  /**
   * Sends what is due now until nothing is due or the server is unreachable; resolves to how many
   * mails were sent and marked. Database failures reject.
   */
  drainOnce(): Promise<number>;
}

/**
 * Delivers the e-mail outbox. Any number of replicas may run it on one schema: they claim
 * different rows. Failed attempts wait longer each time (exponential, capped, jittered); while the
 * server is unreachable the sender probes it with one mail per pass at growing intervals instead
 * of spending an attempt of every queued mail.
 */
export function startMailSender(options: MailSenderOptions): MailSender {
  assertMessageIdDomain(options.messageIdDomain);
  const fromProblem = addressProblem(options.from.address);
  if (fromProblem) throw new TypeError(`from.address "${options.from.address}": ${fromProblem}`);
  const logger = options.logger.child({ component: 'mail-sender' });
  const batchSize = options.batchSize ?? 50;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const { smtp } = options;
  const transport = createTransport({
    pool: true,
    maxConnections: concurrency,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    requireTLS: smtp.requireTls ?? false,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    dnsTimeout: 10_000,
    // Bodies are strings from templates; never let a message read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const stopping = new AbortController();
  const pass = () =>
    sendDueMail({
      pool: options.pool,
      schema: options.schema,
      transport,
      from: options.from,
      messageIdDomain: options.messageIdDomain,
      logger,
      batchSize,
      concurrency,
      leaseMs: options.leaseMs ?? 5 * 60_000,
      retry,
      signal: stopping.signal,
    });

  let stopped = false;
  // stop() waits for these too, so a caller's drain is marked before SMTP closes.
  const draining = new Set<Promise<unknown>>();
  const drainOnce = async () => {
    if (stopped) throw new Error('the mail sender is stopped');
    const drain = pass();
    const settled = drain.catch(() => undefined).finally(() => draining.delete(settled));
    draining.add(settled);
    return (await drain).sent;
  };

  let wakeRequested = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    wakeRequested = true;
    wakeUp?.();
  };
  const waitForWake = async () => {
    if (!wakeRequested && !stopping.signal.aborted) {
      const poll = new AbortController();
      wakeUp = () => poll.abort();
      await sleep(pollIntervalMs, AbortSignal.any([stopping.signal, poll.signal]));
      wakeUp = null;
    }
    wakeRequested = false;
  };

  const run = options.run ?? true;
  const loop = run ? runLoop() : Promise.resolve();
  async function runLoop() {
    let outages = 0;
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const result = await pass();
        failures = 0;
        if (result.unavailable) {
          // A new mail is no sign the server is back: wake() does not cut this wait short.
          outages += 1;
          const delayMs = retryDelay(outages, {
            ...retry,
            maxDelayMs: Math.min(retry.maxDelayMs, 5 * 60_000),
          });
          logger.warn({ outagePasses: outages, retryInMs: delayMs }, 'SMTP server unavailable; mail waits');
          await sleep(delayMs, stopping.signal);
          continue;
        }
        if (outages > 0) logger.info({ outagePasses: outages }, 'SMTP server reachable again');
        outages = 0;
        // The pass ended on a short claim: nothing more was due then.
        await waitForWake();
      } catch (error) {
        // The database: rows stay in the outbox, a later pass sends them.
        failures += 1;
        const delayMs = retryDelay(failures, { initialDelayMs: 250, maxDelayMs: 30_000, maxAttempts: 0 });
        logger.warn({ err: error, attempt: failures, retryInMs: delayMs }, 'mail pass failed; retrying');
        await sleep(delayMs, stopping.signal);
      }
    }
  }

  const retentionMs = options.retentionMs ?? 30 * 24 * 3_600_000;
  const cleanup = run
    ? setInterval(() => {
        deleteSentMail({ pool: options.pool, schema: options.schema, olderThanMs: retentionMs })
          .then((deleted) => deleted > 0 && logger.info({ deleted }, 'deleted sent mail past retention'))
          .catch((error: unknown) => logger.warn({ err: error }, 'sent-mail clean-up failed'));
      }, options.cleanupIntervalMs ?? 3_600_000)
    : undefined;
  cleanup?.unref();

  logger.info(
    { schema: options.schema, smtp: `${smtp.host}:${smtp.port}`, batchSize, concurrency, run },
    'mail sender started',
  );
  return {
    wake,
    drainOnce,
    async stop() {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      clearInterval(cleanup);
      await loop;
      await Promise.all(draining);
      transport.close();
      logger.info({ schema: options.schema }, 'mail sender stopped');
    },
  };
}
