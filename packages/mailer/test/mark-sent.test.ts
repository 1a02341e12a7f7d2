import type { PoolClient } from 'pg';
import { eventually, startTestSmtpServer, type TestSmtpServer } from '@lmp/testing';
import { aDraft, commitMail, makeEverythingDue, outboxRows, senderFor } from './support/mail-fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let db: TestDatabase;
let smtp: TestSmtpServer;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtpServer();
  await countMarkStatements(db);
});
afterAll(async () => {
  await smtp.stop();
  await db.drop();
});
beforeEach(async () => {
  await db.pool.query(`TRUNCATE ${db.schema}.mail_outbox, ${db.schema}.mark_statements`);
  await smtp.start();
  smtp.clear();
});
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

function sender(...args: Parameters<typeof senderFor> extends [unknown, unknown, ...infer R] ? R : never) {
  const s = senderFor(db, smtp, ...args);
  stops.push(() => s.stop());
  return s;
}

describe('startMailSender', () => {
  describe('marking accepted mail sent', () => {
    it('marks the mails accepted while a mark is being written with one statement, each row once', async () => {
      const drafts = Array.from({ length: 20 }, () => aDraft());
      await commitMail(db, drafts);
      const s = sender({ concurrency: 1 });
      smtp.holdReplies();
      const draining = s.drainOnce();
      await smtp.waitForHeld(1);
      // Every write to the outbox waits from now on: the first mark cannot commit, the sender goes on.
      const lock = await lockOutbox(db);
      smtp.release();
      await smtp.waitForMessages(20);
      await lock.end();

      expect(await draining).toBe(20);

      const marks = await markStatements(db);
      expect(marks.reduce((sum, rows) => sum + rows, 0)).toBe(20);
      // The first mail's mark, then the other 19 together (the last one may still go alone).
      expect(marks.length).toBeLessThanOrEqual(3);
      const rows = await outboxRows(db);
      expect(rows.every((row) => row.sent_at !== null && row.attempts === 1)).toBe(true);
      expect(smtp.attempts).toBe(20);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(20);
    });

    it('sends a backlog of many claims in one drain, each mail once', async () => {
      await commitMail(
        db,
        Array.from({ length: 47 }, () => aDraft()),
      );

      expect(await sender({ batchSize: 5, concurrency: 3 }).drainOnce()).toBe(47);

      expect(smtp.attempts).toBe(47);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(47);
      expect((await outboxRows(db)).every((row) => row.sent_at !== null)).toBe(true);
    });
  });

  describe('stop() while marks wait', () => {
    it('writes them before it returns, so a restarted sender sends nothing twice', async () => {
      const drafts = Array.from({ length: 30 }, () => aDraft());
      await commitMail(db, drafts);
      const first = sender({ run: true, concurrency: 2, batchSize: 10, leaseMs: 3_600_000 });
      smtp.holdReplies();
      first.wake();
      await smtp.waitForHeld(1);
      const lock = await lockOutbox(db);
      smtp.release();
      await smtp.waitForMessages(4);
      const stopping = first.stop();
      await lock.end();
      await stopping;

      // Every mail the server has is marked sent, and no other.
      const marked = (await outboxRows(db)).filter((row) => row.sent_at !== null);
      expect(new Set(marked.map((row) => row.message_id))).toEqual(
        new Set(smtp.messages.map((mail) => mail.messageId)),
      );
      expect(marked.length).toBeLessThan(30);

      await sender().drainOnce();

      expect(smtp.attempts).toBe(30);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(30);
      expect((await outboxRows(db)).every((row) => row.sent_at !== null && row.attempts === 1)).toBe(true);
    });
  });

  describe('when the server refuses some mails for a while, then accepts them', () => {
    it('delivers every mail exactly once, with an attempt counted for each refusal', async () => {
      await commitMail(
        db,
        Array.from({ length: 12 }, () => aDraft()),
      );
      smtp.failNext(5, { code: 451, message: 'Try again later' });
      const s = sender({ concurrency: 3, retry: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 3 } });

      await eventually(async () => {
        await makeEverythingDue(db);
        await s.drainOnce();
        return (await outboxRows(db)).every((row) => row.sent_at !== null);
      });

      expect(smtp.attempts).toBe(17);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(12);
      expect(smtp.messages).toHaveLength(12);
      const rows = await outboxRows(db);
      expect(rows.reduce((sum, row) => sum + row.attempts, 0)).toBe(17);
      expect(rows.filter((row) => row.attempts === 2).every((row) => /^451/.test(row.last_error ?? ''))).toBe(
        true,
      );
      expect(rows.filter((row) => row.failed_at)).toEqual([]);
    });
  });
});

/**
 * Records every statement that marks outbox rows sent, with how many it marked: a statement-level
 * trigger over the rows it changed, so the count is the database's, not the sender's.
 */
async function countMarkStatements(database: TestDatabase): Promise<void> {
  const s = database.schema;
  await database.pool.query(`
    CREATE TABLE ${s}.mark_statements (id bigserial PRIMARY KEY, rows int NOT NULL);
    CREATE FUNCTION ${s}.record_mark_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE marked int;
    BEGIN
      SELECT count(*) INTO marked FROM new_rows n JOIN old_rows o USING (id)
      WHERE o.sent_at IS NULL AND n.sent_at IS NOT NULL;
      IF marked > 0 THEN INSERT INTO ${s}.mark_statements (rows) VALUES (marked); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER record_mark_statement AFTER UPDATE ON ${s}.mail_outbox
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.record_mark_statement();
  `);
}

async function markStatements(database: TestDatabase): Promise<number[]> {
  const { rows } = await database.pool.query<{ rows: number }>(
    `SELECT rows FROM ${database.schema}.mark_statements ORDER BY id`,
  );
  return rows.map((row) => row.rows);
}

/** Holds a lock that makes every write to the outbox wait (reads go on) until end(). */
async function lockOutbox(database: TestDatabase): Promise<{ end(): Promise<void> }> {
  const client: PoolClient = await database.pool.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${database.schema}.mail_outbox IN SHARE MODE`);
  return {
    async end() {
      await client.query('COMMIT');
      client.release();
    },
  };
}
