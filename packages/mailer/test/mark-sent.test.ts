import { Pool } from 'pg';
import { eventually, type TestSmtpServer } from '@lmp/testing';
import { MAX_UNMARKED_MAILS } from '../src';
import { aDraft, commitMail, makeEverythingDue, outboxRows } from './support/mail-fixtures';
import { lockOutbox } from './support/outbox-lock';
import { useSenderTestbed } from './support/sender-testbed';
import type { TestDatabase } from './support/test-database';

const bed = useSenderTestbed({ prepare: countMarkStatements, truncate: ['mark_statements'] });
let db: TestDatabase;
let smtp: TestSmtpServer;
beforeAll(() => {
  ({ db, smtp } = bed);
});
const sender = bed.sender;

describe('startMailSender', () => {
  describe('marking accepted mail sent', () => {
    it('marks the mails accepted while a mark is being written together, in the next statement, each row once', async () => {
      const drafts = Array.from({ length: 20 }, () => aDraft());
      await commitMail(db, drafts);
      const s = sender({ concurrency: 1 });
      smtp.holdReplies();
      const draining = s.drainOnce();
      await smtp.waitForHeld(1);
      // Every write to the outbox waits from now on: the first mark cannot commit, the sender goes on
      // until MAX_UNMARKED_MAILS more wait for theirs.
      const lock = await lockOutbox(db);
      smtp.release();
      await smtp.waitForMessages(1 + MAX_UNMARKED_MAILS);
      await lock.end();

      expect(await draining).toBe(20);

      const marks = await markStatements(db);
      // The first mail's mark alone (nothing waited for company), then the mails accepted while it
      // was held, in one statement; the rest as they come.
      expect(marks.slice(0, 2).map((mark) => mark.rows)).toEqual([1, MAX_UNMARKED_MAILS]);
      expect(marks.reduce((sum, mark) => sum + mark.rows, 0)).toBe(20);
      const rows = await outboxRows(db);
      expect(rows.every((row) => row.sent_at !== null && row.attempts === 1)).toBe(true);
      expect(smtp.attempts).toBe(20);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(20);
    });

    it('commits every mark without waiting for the WAL flush, and leaves the connection as it was', async () => {
      await commitMail(
        db,
        Array.from({ length: 12 }, () => aDraft()),
      );
      // One connection: every statement of the sender runs on it, marks and claims alike.
      const pool = new Pool({ connectionString: db.url, max: 1 });
      try {
        const setting = async () =>
          (await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!
            .synchronous_commit;
        expect(await setting()).toBe('on');

        expect(await sender({ pool, concurrency: 3 }).drainOnce()).toBe(12);

        const marks = await markStatements(db);
        expect(marks.reduce((sum, mark) => sum + mark.rows, 0)).toBe(12);
        expect(new Set(marks.map((mark) => mark.synchronousCommit))).toEqual(new Set(['off']));
        // Only the marks' own transactions: the session, and all else run on it, stay synchronous.
        expect(await setting()).toBe('on');
      } finally {
        await pool.end();
      }
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
 * Records every statement that marks outbox rows sent, with how many it marked and the
 * synchronous_commit in force in its transaction: a statement-level trigger over the rows it
 * changed, so the figures are the database's, not the sender's.
 */
async function countMarkStatements(database: TestDatabase): Promise<void> {
  const s = database.schema;
  await database.pool.query(`
    CREATE TABLE ${s}.mark_statements (
      id bigserial PRIMARY KEY,
      rows int NOT NULL,
      synchronous_commit text NOT NULL DEFAULT current_setting('synchronous_commit')
    );
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

async function markStatements(
  database: TestDatabase,
): Promise<{ rows: number; synchronousCommit: string }[]> {
  const { rows } = await database.pool.query<{ rows: number; synchronousCommit: string }>(
    `SELECT rows, synchronous_commit AS "synchronousCommit" FROM ${database.schema}.mark_statements ORDER BY id`,
  );
  return rows;
}
