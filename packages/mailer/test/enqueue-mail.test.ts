import { enqueueMail } from '../src';
import { aDraft, commitMail, outboxRows } from './support/mail-fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());
beforeEach(() => db.pool.query(`TRUNCATE ${db.schema}.mail_outbox`));

describe('enqueueMail', () => {
  it('writes one row per draft and says how many were new', async () => {
    const inserted = await commitMail(db, [aDraft(), aDraft(), aDraft()]);

    expect(inserted).toBe(3);
    const rows = await outboxRows(db);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.sent_at === null && row.failed_at === null && row.attempts === 0)).toBe(
      true,
    );
  });

  it('skips a draft whose dedupe key is in the outbox already (the same event handled twice)', async () => {
    const draft = aDraft();

    const first = await commitMail(db, [draft]);
    const second = await commitMail(db, [draft, { ...draft, subject: 'a different wording' }]);

    expect([first, second]).toEqual([1, 0]);
    const rows = await outboxRows(db);
    expect(rows.map((row) => row.dedupe_key)).toEqual([draft.dedupeKey]);
  });

  it('keeps one row when two transactions enqueue the same key at the same time', async () => {
    const draft = aDraft();

    const results = await Promise.all([
      commitMail(db, [draft]),
      commitMail(db, [draft]),
      commitMail(db, [draft]),
    ]);

    expect(results.sort()).toEqual([0, 0, 1]);
    expect(await outboxRows(db)).toHaveLength(1);
  });

  it('writes nothing when the cause rolls back', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await enqueueMail(client, db.schema, [aDraft()]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }

    expect(await outboxRows(db)).toHaveLength(0);
  });

  it('stores the RFC 8058 one-click unsubscribe headers, and none for transactional mail', async () => {
    const listed = aDraft({ unsubscribeUrl: 'https://lmp.example/unsubscribe/abc.def' });
    const transactional = aDraft({ kind: 'invitation', unsubscribeUrl: null });

    await commitMail(db, [listed, transactional]);

    const rows = await outboxRows(db);
    const byKey = new Map(rows.map((row) => [row.dedupe_key, row.headers]));
    expect(byKey.get(listed.dedupeKey)).toEqual({
      'List-Unsubscribe': '<https://lmp.example/unsubscribe/abc.def>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(byKey.get(transactional.dedupeKey)).toEqual({});
  });

  it('refuses an unsubscribe link that is not an http(s) URL', async () => {
    await expect(commitMail(db, [aDraft({ unsubscribeUrl: 'javascript:alert(1)' })])).rejects.toThrow();
    await expect(commitMail(db, [aDraft({ unsubscribeUrl: 'not a url' })])).rejects.toThrow();
    expect(await outboxRows(db)).toHaveLength(0);
  });

  it('drops NUL characters Postgres cannot store instead of failing the cause', async () => {
    const inserted = await commitMail(db, [
      aDraft({ subject: 'a\u0000b', text: 'x\u0000y', html: '<p>\u0000</p>' }),
    ]);

    expect(inserted).toBe(1);
    const { rows } = await db.pool.query(
      `SELECT subject, text_body, html_body FROM ${db.schema}.mail_outbox`,
    );
    expect(rows[0]).toEqual({ subject: 'ab', text_body: 'xy', html_body: '<p></p>' });
  });

  it('enqueues a broadcast of thousands of mails in one call', async () => {
    const drafts = Array.from({ length: 2_500 }, () => aDraft());

    expect(await commitMail(db, drafts)).toBe(2_500);
    expect(await outboxRows(db)).toHaveLength(2_500);
  });
});
