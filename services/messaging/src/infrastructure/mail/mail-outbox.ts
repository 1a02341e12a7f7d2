import { enqueueMail, startMailSender, unsubscribeTokens, type MailSender } from '@lmp/mailer';
import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { mailFromOf, smtpRequiresTls, type MessagingConfig } from '../../config';
import type { MailQueue } from '../../domain/notifications/mail.types';
import type {
  NotificationLinks,
  VerifyUnsubscribeToken,
} from '../../domain/notifications/notification.types';

/**
 * The e-mail outbox in the service's schema (@lmp/mailer): `enqueue` writes in the caller's
 * transaction; `wake` starts the sender's next pass once the sender runs (jobs start after HTTP).
 */
export function mailQueueFor(schema: string): MailQueue & { attach(sender: MailSender): void } {
  let sender: MailSender | undefined;
  return {
    enqueue: (tx, drafts) => enqueueMail(tx, schema, drafts),
    wake: () => sender?.wake(),
    attach(s) {
      sender = s;
    },
  };
}

export function startMessagingMailSender(
  db: Db,
  schema: string,
  config: MessagingConfig,
  logger: Logger,
): MailSender {
  return startMailSender({
    pool: db,
    schema,
    smtp: {
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      requireTls: smtpRequiresTls(config),
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
    },
    from: mailFromOf(config.MAIL_FROM),
    messageIdDomain: config.MAIL_MESSAGE_ID_DOMAIN,
    logger,
    batchSize: config.MAIL_BATCH_SIZE,
    concurrency: config.MAIL_CONCURRENCY,
    pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
    retry: {
      initialDelayMs: config.MAIL_RETRY_BASE_MS,
      maxDelayMs: config.MAIL_RETRY_MAX_MS,
      maxAttempts: 5,
    },
  });
}

/** Links in e-mails, with one-click unsubscribe tokens signed by UNSUBSCRIBE_SECRET. */
export function notificationLinks(
  config: MessagingConfig,
): NotificationLinks & { verify: VerifyUnsubscribeToken } {
  const tokens = unsubscribeTokens(config.UNSUBSCRIBE_SECRET);
  const baseUrl = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const apiUrl = config.PUBLIC_API_URL.replace(/\/$/, '');
  return {
    baseUrl,
    commissionMailbox: config.COMMISSION_MAILBOX,
    unsubscribeUrl: (emailKey, kind) =>
      `${apiUrl}/api/v1/notifications/unsubscribe?token=${tokens.sign({ userId: emailKey, kind })}`,
    verify: (token) => tokens.verify(token),
  };
}
