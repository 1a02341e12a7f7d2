import { randomUUID } from 'node:crypto';
import { createLogger } from '@lmp/logger';
import type { TestSmtpServer } from '@lmp/testing';
import { enqueueMail, startMailSender, type MailDraft, type MailSenderOptions } from '../../src';
import type { TestDatabase } from './test-database';

export const MESSAGE_ID_DOMAIN = 'lmp.test.example';
export const FROM = { address: 'no-reply@lmp.test.example', name: 'EU Licence Monitoring' };

export const silentLogger = createLogger({
  name: 'mailer-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

/** A draft with unique defaults. */
export function aDraft(overrides: Partial<MailDraft> = {}): MailDraft {
  const id = randomUUID();
  return {
    dedupeKey: `${id}:user-${id.slice(0, 8)}:new-message`,
    kind: 'new-message',
    to: { address: `user-${id.slice(0, 8)}@company.example`, name: 'Ana Operator' },
    subject: 'New message about licence LIC-1',
    text: 'Hello,\n\nYou have a new message.\n',
    html: '<p>Hello,</p><p>You have a new message.</p>',
    unsubscribeUrl: `https://lmp.example/unsubscribe/${id}`,
    ...overrides,
  };
}

/** Commits the drafts as a use case does: in one transaction. */
export async function commitMail(db: TestDatabase, drafts: MailDraft[]): Promise<number> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await enqueueMail(client, db.schema, drafts);
    await client.query('COMMIT');
    return inserted;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export type SenderOverrides = Partial<Omit<MailSenderOptions, 'pool' | 'schema' | 'smtp'>> & {
  pool?: MailSenderOptions['pool'];
};

/** A sender on the test database and SMTP server; without `run: true` the test drives it with drainOnce. */
export function senderFor(db: TestDatabase, smtp: TestSmtpServer, overrides: SenderOverrides = {}) {
  return startMailSender({
    pool: db.pool,
    schema: db.schema,
    smtp: { host: smtp.host, port: smtp.port },
    from: FROM,
    messageIdDomain: MESSAGE_ID_DOMAIN,
    logger: silentLogger,
    run: false,
    retry: { initialDelayMs: 50, maxDelayMs: 500, maxAttempts: 3 },
    pollIntervalMs: 100,
    ...overrides,
  });
}

export interface OutboxRow {
  id: string;
  dedupe_key: string;
  attempts: number;
  sent_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  message_id: string | null;
  headers: Record<string, string>;
  next_attempt_at: Date;
}

export async function outboxRows(db: TestDatabase): Promise<OutboxRow[]> {
  const { rows } = await db.pool.query<OutboxRow>(
    `SELECT * FROM ${db.schema}.mail_outbox ORDER BY created_at, id`,
  );
  return rows;
}

/** Makes every waiting row due now, as if its wait had passed. */
export async function makeEverythingDue(db: TestDatabase): Promise<void> {
  await db.pool.query(
    `UPDATE ${db.schema}.mail_outbox SET next_attempt_at = now() WHERE sent_at IS NULL AND failed_at IS NULL`,
  );
}

/** The header section of a raw message, unfolded: one entry per header field. */
export function headerFields(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return text
    .slice(0, end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n');
}
