import { composeMessage, type OutboxMail } from './compose-message';
import { markUnsendable, recordFailedAttempt } from './outbox-queries';
import { retryDelay } from './retry-policy';
import type { SendPassOptions, SendPassResult } from './send-pass.types';
import type { SentMarks } from './sent-marks';
import { classifySendFailure } from './smtp-failure';

/**
 * One attempt at one claimed row: composed, sent, and then handed to the marks (accepted), or its
 * failure recorded on the row (refused, deferred, server unavailable), or the row failed at once
 * (an address that cannot be a recipient).
 */
export async function deliverMail(
  mail: OutboxMail,
  table: string,
  options: SendPassOptions,
  result: SendPassResult,
  marks: SentMarks,
) {
  const { pool, logger } = options;
  const log = { mailId: mail.id, kind: mail.kind, attempt: mail.attempts + 1 };
  const composed = composeMessage(mail, options.from, options.messageIdDomain);
  if (!composed.ok) {
    await markUnsendable(pool, table, {
      id: mail.id,
      messageId: composed.messageId,
      reason: composed.reason,
    });
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
  marks.add({
    id: mail.id,
    messageId: composed.messageId,
    log: { ...log, messageId: composed.messageId, response },
  });
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
  // The other workers start nothing more from now on, not only once the row is written.
  if (kind === 'unavailable') result.unavailable = true;
  await recordFailedAttempt(options.pool, table, { id: mail.id, messageId, reason, delayMs, giveUp });
  const log = { mailId: mail.id, kind: mail.kind, attempt: attempts, failure: kind, reason };
  if (giveUp) {
    result.failed += 1;
    options.logger.error(log, 'mail refused by the SMTP server; given up');
  } else {
    result.retried += 1;
    options.logger.warn({ ...log, retryInMs: delayMs }, 'mail not sent; retrying later');
  }
}
