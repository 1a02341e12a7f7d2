import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { Logger } from '@lmp/logger';
import { composeMessage, type OutboxMail, type Sender } from './compose-message';
import { retryDelay, type RetryPolicy } from './retry-policy';
import { classifySendFailure } from './smtp-failure';
import { outboxTable } from './sql';

export interface SendPassOptions {
  pool: Pool;
  schema: string;
  transport: Transporter;
  from: Sender;
  messageIdDomain: string;
  logger: Logger;
  batchSize: number;
  /** Messages in flight at once (one per SMTP connection). */
  concurrency: number;
  /** How long a claim keeps other senders off the claimed rows. */
  leaseMs: number;
  retry: Required<RetryPolicy>;
  /** Aborted: finish the sends in flight, hand the rest back. */
  signal?: AbortSignal;
}

export interface SendPassResult {
  claimed: number;
  sent: number;
  /** Attempts that failed and will be retried. */
  retried: number;
  /** Rows given up (failed_at set) in this pass. */
  failed: number;
  /** The server could not be reached (or refuses every message): the pass stopped early. */
  unavailable: boolean;
}

/**
 * One pass of the sender. Claims up to batchSize due rows in one short statement (FOR UPDATE
 * SKIP LOCKED, so replicas take different rows) by moving their next_attempt_at to the end of a
 * lease, then sends them one by one (or `concurrency` at a time) and records each outcome in its
 * own statement right after the server's reply. So a crash leaves at most the mails in flight
 * sent but unmarked; the other claimed rows come back when the lease ends. Rows not started (an
 * outage, a stop, half the lease gone) are handed back at once.
 */
export async function sendDueMail(options: SendPassOptions): Promise<SendPassResult> {
  const { pool, schema, logger } = options;
  const table = outboxTable(schema);
  const claimedAt = Date.now();
  const mails = await claimDueMail(pool, table, options.batchSize, options.leaseMs);
  const result: SendPassResult = {
    claimed: mails.length,
    sent: 0,
    retried: 0,
    failed: 0,
    unavailable: false,
  };
  if (mails.length === 0) return result;

  const queue = [...mails];
  let broken: unknown;
  const mayStartAnother = () =>
    !result.unavailable &&
    broken === undefined &&
    !options.signal?.aborted &&
    // A send started now ends (socket time-out included) well before the lease does.
    Date.now() - claimedAt < options.leaseMs / 2;

  const worker = async () => {
    while (mayStartAnother()) {
      const mail = queue.shift();
      if (!mail) return;
      try {
        await deliver(mail, table, options, result);
      } catch (error) {
        broken ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));

  if (queue.length > 0) {
    await pool
      .query(
        `UPDATE ${table} SET next_attempt_at = now()
         WHERE id = ANY($1::uuid[]) AND sent_at IS NULL AND failed_at IS NULL`,
        [queue.map((mail) => mail.id)],
      )
      .catch((error: unknown) => {
        // They come back when the lease ends.
        logger.warn(
          { err: error, rows: queue.length },
          'could not hand back claimed mail; it waits for its lease',
        );
      });
  }
  if (broken !== undefined) throw broken;
  return result;
}

async function deliver(mail: OutboxMail, table: string, options: SendPassOptions, result: SendPassResult) {
  const { pool, logger } = options;
  const log = { mailId: mail.id, kind: mail.kind, attempt: mail.attempts + 1 };
  const composed = composeMessage(mail, options.from, options.messageIdDomain);
  if (!composed.ok) {
    await pool.query(
      `UPDATE ${table} SET failed_at = now(), last_error = $2, message_id = COALESCE(message_id, $3) WHERE id = $1`,
      [mail.id, composed.reason, composed.messageId],
    );
    result.failed += 1;
    logger.error({ ...log, reason: composed.reason }, 'mail not sent: its address cannot be a recipient');
    return;
  }
  let response: string;
  try {
    const info = (await options.transport.sendMail(composed.message)) as { response?: string };
    response = String(info.response ?? '');
  } catch (error) {
    await recordFailure(mail, composed.messageId, error, table, options, result);
    return;
  }
  try {
    await pool.query(
      `UPDATE ${table} SET sent_at = now(), attempts = attempts + 1, message_id = COALESCE(message_id, $2)
       WHERE id = $1`,
      [mail.id, composed.messageId],
    );
  } catch (error) {
    // The one window of a duplicate: the server has it, the row does not say so. It is sent
    // again, with the same Message-ID, once the lease ends (docs/reliability.md, "E-mail outbox").
    logger.error(
      { ...log, err: error, messageId: composed.messageId },
      'mail accepted by the SMTP server but not marked sent; it will be sent again',
    );
    throw error;
  }
  result.sent += 1;
  logger.debug({ ...log, messageId: composed.messageId, response }, 'mail sent');
}

async function recordFailure(
  mail: OutboxMail,
  messageId: string,
  error: unknown,
  table: string,
  options: SendPassOptions,
  result: SendPassResult,
) {
  const { kind, reason } = classifySendFailure(error);
  const attempts = mail.attempts + 1;
  const giveUp =
    (kind === 'refused' && attempts >= options.retry.maxAttempts) ||
    (kind === 'deferred' && Date.now() - mail.createdAt.getTime() >= options.retry.giveUpAfterMs);
  const delayMs = retryDelay(attempts, options.retry);
  await options.pool.query(
    `UPDATE ${table}
     SET attempts = attempts + 1, last_error = $2, message_id = COALESCE(message_id, $3),
         next_attempt_at = now() + $4 * interval '1 millisecond',
         failed_at = CASE WHEN $5::boolean THEN now() END
     WHERE id = $1`,
    [mail.id, reason, messageId, delayMs, giveUp],
  );
  if (kind === 'unavailable') result.unavailable = true;
  const log = { mailId: mail.id, kind: mail.kind, attempt: attempts, failure: kind, reason };
  if (giveUp) {
    result.failed += 1;
    options.logger.error(log, 'mail refused by the SMTP server; given up');
  } else {
    result.retried += 1;
    options.logger.warn({ ...log, retryInMs: delayMs }, 'mail not sent; retrying later');
  }
}

async function claimDueMail(
  pool: Pool,
  table: string,
  batchSize: number,
  leaseMs: number,
): Promise<OutboxMail[]> {
  const { rows } = await pool.query<OutboxMail>(
    `WITH due AS (
       SELECT id FROM ${table}
       WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
       ORDER BY next_attempt_at, created_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE ${table} AS m SET next_attempt_at = now() + $2 * interval '1 millisecond'
     FROM due WHERE m.id = due.id
     RETURNING m.id, m.dedupe_key AS "dedupeKey", m.kind, m.to_address AS "toAddress", m.to_name AS "toName",
       m.subject, m.text_body AS "textBody", m.html_body AS "htmlBody", m.headers, m.message_id AS "messageId",
       m.attempts, m.created_at AS "createdAt"`,
    [batchSize, leaseMs],
  );
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
