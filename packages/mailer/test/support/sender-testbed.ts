import { startTestSmtpServer, type TestSmtpServer } from '@lmp/testing';
import { senderFor } from './mail-fixtures';
import { createTestDatabase, type TestDatabase } from './test-database';

type SenderOverrides = Parameters<typeof senderFor>[2];

/**
 * A sender suite's world: its own database with the outbox and a real SMTP server on loopback,
 * both emptied before each test; senders started with `sender()` are stopped after each test.
 * `prepare` runs once on the new database (a trigger, a table of the suite's own), and the
 * tables in `truncate` are emptied with the outbox.
 */
export function useSenderTestbed(
  options: { prepare?: (db: TestDatabase) => Promise<void>; truncate?: string[] } = {},
) {
  const stops: (() => Promise<void>)[] = [];
  const bed = {
    db: undefined as unknown as TestDatabase,
    smtp: undefined as unknown as TestSmtpServer,
    sender(overrides?: SenderOverrides) {
      const s = senderFor(bed.db, bed.smtp, overrides);
      stops.push(() => s.stop());
      return s;
    },
  };
  beforeAll(async () => {
    bed.db = await createTestDatabase();
    bed.smtp = await startTestSmtpServer();
    await options.prepare?.(bed.db);
  });
  afterAll(async () => {
    await bed.smtp.stop();
    await bed.db.drop();
  });
  beforeEach(async () => {
    const tables = ['mail_outbox', ...(options.truncate ?? [])].map((t) => `${bed.db.schema}.${t}`);
    await bed.db.pool.query(`TRUNCATE ${tables.join(', ')}`);
    await bed.smtp.start();
    bed.smtp.clear();
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  return bed;
}
