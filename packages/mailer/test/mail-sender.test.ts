import { Pool } from 'pg';
import { eventually, type TestSmtpServer } from '@lmp/testing';
import { MAX_UNMARKED_MAILS, mailMessageId } from '../src';
import {
  aDraft,
  commitMail,
  FROM,
  headerFields,
  makeEverythingDue,
  MESSAGE_ID_DOMAIN,
  outboxRows,
} from './support/mail-fixtures';
import { lockOutbox } from './support/outbox-lock';
import { useSenderTestbed } from './support/sender-testbed';
import type { TestDatabase } from './support/test-database';

const bed = useSenderTestbed();
let db: TestDatabase;
let smtp: TestSmtpServer;
beforeAll(() => {
  ({ db, smtp } = bed);
});
const sender = bed.sender;

describe('startMailSender', () => {
  describe('a delivered mail', () => {
    it('has a plain-text and an HTML part, the one-click unsubscribe headers and a Message-ID from its dedupe key', async () => {
      const draft = aDraft({ unsubscribeUrl: 'https://lmp.example/u/tok.sig' });
      await commitMail(db, [draft]);

      expect(await sender().drainOnce()).toBe(1);

      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.envelope).toEqual({ mailFrom: FROM.address, rcptTo: [draft.to.address] });
      expect(mail!.to).toMatchObject({ value: [{ address: draft.to.address, name: 'Ana Operator' }] });
      expect(mail!.from).toMatchObject({ value: [{ address: FROM.address, name: FROM.name }] });
      expect(mail!.subject).toBe(draft.subject);
      expect(mail!.text).toBe(draft.text);
      expect(mail!.html).toBe(draft.html);
      expect(mail!.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
      const fields = headerFields(mail!.raw);
      expect(fields).toContain('List-Unsubscribe: <https://lmp.example/u/tok.sig>');
      expect(fields).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(fields).toContain('Auto-Submitted: auto-generated');
      expect(mail!.messageId).toBe(mailMessageId(draft.dedupeKey, MESSAGE_ID_DOMAIN));

      const [row] = await outboxRows(db);
      expect(row).toMatchObject({ attempts: 1, failed_at: null, message_id: mail!.messageId });
      expect(row!.sent_at).toBeInstanceOf(Date);
    });

    it('carries no List-Unsubscribe for transactional mail', async () => {
      await commitMail(db, [aDraft({ kind: 'invitation', unsubscribeUrl: null })]);

      await sender().drainOnce();

      const [mail] = await smtp.waitForMessages(1);
      expect(headerFields(mail!.raw).filter((field) => /^list-/i.test(field))).toEqual([]);
    });

    it('is sent once however often its cause was handled', async () => {
      const draft = aDraft();
      await commitMail(db, [draft]);
      await commitMail(db, [draft]);
      const s = sender();

      await s.drainOnce();
      await s.drainOnce();

      expect(smtp.messages).toHaveLength(1);
      expect(smtp.attempts).toBe(1);
    });
  });

  describe('when the SMTP server is down for a while', () => {
    it('delivers every mail exactly once after it comes back', async () => {
      await smtp.stop();
      const drafts = Array.from({ length: 40 }, () => aDraft());
      const s = sender({
        run: true,
        batchSize: 10,
        retry: { initialDelayMs: 50, maxDelayMs: 300, maxAttempts: 3 },
      });
      await commitMail(db, drafts);
      s.wake();
      // Several passes met the closed port: mail waits, none is given up.
      await eventually(async () => {
        const tried = (await outboxRows(db)).filter((row) => row.attempts > 0);
        return tried.length >= 3 && tried.every((row) => row.last_error && !row.failed_at);
      });

      await smtp.start();

      const mails = await smtp.waitForMessages(40, 20_000);
      await eventually(async () => (await outboxRows(db)).every((row) => row.sent_at !== null));
      await s.stop();
      expect(smtp.messages).toHaveLength(40);
      expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(40);
      expect(new Set(mails.flatMap((mail) => mail.envelope.rcptTo))).toEqual(
        new Set(drafts.map((draft) => draft.to.address)),
      );
      expect((await outboxRows(db)).filter((row) => row.failed_at)).toEqual([]);
    });

    it('does not spend an attempt of every queued mail on the outage', async () => {
      await smtp.stop();
      await commitMail(
        db,
        Array.from({ length: 20 }, () => aDraft()),
      );

      await sender().drainOnce();

      const tried = (await outboxRows(db)).filter((row) => row.attempts > 0);
      expect(tried).toHaveLength(1);
      expect(tried[0]!.last_error).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
    });
  });

  describe('several senders on one outbox', () => {
    it('send each mail once', async () => {
      const drafts = Array.from({ length: 150 }, () => aDraft());
      await commitMail(db, drafts);
      const senders = [0, 1, 2].map(() => sender({ run: true, batchSize: 7, concurrency: 2 }));
      senders.forEach((s) => s.wake());

      await smtp.waitForMessages(150, 20_000);
      await eventually(async () => (await outboxRows(db)).every((row) => row.sent_at !== null));
      await Promise.all(senders.map((s) => s.stop()));

      expect(smtp.messages).toHaveLength(150);
      expect(smtp.attempts).toBe(150);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(150);
    });

    it('send each mail once when they drain at the same moment', async () => {
      await commitMail(
        db,
        Array.from({ length: 60 }, () => aDraft()),
      );
      const senders = [0, 1, 2, 3].map(() => sender({ batchSize: 5 }));

      const sent = await Promise.all(senders.map((s) => s.drainOnce()));

      expect(sent.reduce((a, b) => a + b, 0)).toBe(60);
      expect(smtp.attempts).toBe(60);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(60);
    });
  });

  describe('a failed attempt', () => {
    it('is retried after growing waits, with the same Message-ID', async () => {
      const draft = aDraft();
      await commitMail(db, [draft]);
      const s = sender({ retry: { initialDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 3 } });
      smtp.failNext(3, { code: 451, message: 'Try again later' });

      const waits: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        await s.drainOnce();
        const { rows } = await db.pool.query<{ wait_ms: number }>(
          `SELECT extract(epoch FROM next_attempt_at - now()) * 1000 AS wait_ms FROM ${db.schema}.mail_outbox`,
        );
        waits.push(Number(rows[0]!.wait_ms));
        await makeEverythingDue(db);
      }
      await s.drainOnce();

      // 60 s, 120 s, 240 s, each ±20 % (and a few ms for the queries in between).
      expect(waits[0]).toBeGreaterThan(60_000 * 0.8 - 1_000);
      expect(waits[0]).toBeLessThan(60_000 * 1.2);
      expect(waits[1]).toBeGreaterThan(120_000 * 0.8 - 1_000);
      expect(waits[2]).toBeGreaterThan(240_000 * 0.8 - 1_000);
      expect(waits[2]).toBeLessThan(240_000 * 1.2);
      const [mail] = await smtp.waitForMessages(1);
      expect(smtp.attempts).toBe(4);
      expect(mail!.messageId).toBe(mailMessageId(draft.dedupeKey, MESSAGE_ID_DOMAIN));
      const [row] = await outboxRows(db);
      expect(row).toMatchObject({ attempts: 4, failed_at: null, message_id: mail!.messageId });
      expect(row!.last_error).toMatch(/^451/);
    });

    it('never waits longer than the cap', async () => {
      await commitMail(db, [aDraft()]);
      await db.pool.query(`UPDATE ${db.schema}.mail_outbox SET attempts = 30`);
      smtp.failNext(1, { code: 451, message: 'Try again later' });

      await sender({ retry: { initialDelayMs: 1_000, maxDelayMs: 10_000, maxAttempts: 3 } }).drainOnce();

      const { rows } = await db.pool.query<{ wait_ms: number }>(
        `SELECT extract(epoch FROM next_attempt_at - now()) * 1000 AS wait_ms FROM ${db.schema}.mail_outbox`,
      );
      expect(Number(rows[0]!.wait_ms)).toBeLessThanOrEqual(10_000);
    });

    it('keeps a mail the server defers (4xx) beyond maxAttempts, and sends it once accepted', async () => {
      await commitMail(db, [aDraft()]);
      const s = sender({ retry: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 2 } });
      smtp.failNext(4, { code: 452, message: 'Mailbox temporarily full' });

      for (let attempt = 1; attempt <= 5; attempt++) {
        await makeEverythingDue(db);
        await s.drainOnce();
      }

      expect(smtp.messages).toHaveLength(1);
      const [row] = await outboxRows(db);
      expect(row).toMatchObject({ attempts: 5, failed_at: null });
    });

    it('ends failed, and stays visible, when the server refuses the mail for good maxAttempts times', async () => {
      await commitMail(db, [aDraft()]);
      const s = sender({ retry: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 3 } });
      smtp.failNext(10, { code: 550, message: 'No such user here' });

      for (let attempt = 1; attempt <= 5; attempt++) {
        await makeEverythingDue(db);
        await s.drainOnce();
      }

      expect(smtp.attempts).toBe(3);
      expect(smtp.messages).toHaveLength(0);
      const [row] = await outboxRows(db);
      expect(row).toMatchObject({ attempts: 3, sent_at: null });
      expect(row!.failed_at).toBeInstanceOf(Date);
      expect(row!.last_error).toMatch(/^550.*No such user here/);
    });
  });

  describe('a crash after the server accepted mail and before it was marked sent', () => {
    it('sends again only the mails accepted and not marked, each with the same Message-ID, once the lease ends', async () => {
      const drafts = [aDraft(), aDraft(), aDraft()];
      await commitMail(db, drafts);
      // The sender that "crashes" has its own connections: they go away while the server holds its reply.
      const doomedPool = new Pool({ connectionString: db.url, max: 2 });
      doomedPool.on('error', () => undefined);
      const doomed = sender({ pool: doomedPool, leaseMs: 1_000 });
      smtp.holdReplies();
      const draining = doomed.drainOnce().catch((error: unknown) => error);
      const [held] = await smtp.waitForHeld(1);
      await doomedPool.end();
      smtp.release();
      expect(await draining).toBeInstanceOf(Error);
      await doomed.stop();
      // What the server took from the doomed sender, none of it marked (its database was gone).
      const acceptedBeforeCrash = new Set(smtp.messages.map((mail) => mail.envelope.rcptTo[0]));
      expect(acceptedBeforeCrash).toContain(held!.envelope.rcptTo[0]);

      // Another replica, after the lease.
      const survivor = sender();
      await eventually(
        async () => (await survivor.drainOnce(), (await outboxRows(db)).every((r) => r.sent_at)),
      );

      for (const draft of drafts) {
        const copies = smtp.messages.filter((mail) => mail.envelope.rcptTo[0] === draft.to.address);
        // Accepted before the crash: once more now. Not started then: once.
        expect(copies).toHaveLength(acceptedBeforeCrash.has(draft.to.address) ? 2 : 1);
        expect(new Set(copies.map((mail) => mail.messageId))).toEqual(
          new Set([mailMessageId(draft.dedupeKey, MESSAGE_ID_DOMAIN)]),
        );
      }
    });

    it('resends at most concurrency + MAX_UNMARKED_MAILS mails, however long the marks take', async () => {
      const concurrency = 2;
      const drafts = Array.from({ length: 30 }, () => aDraft());
      await commitMail(db, drafts);
      const doomedPool = new Pool({ connectionString: db.url, max: 4, application_name: 'doomed-sender' });
      doomedPool.on('error', () => undefined);
      const doomed = sender({ pool: doomedPool, concurrency, leaseMs: 3_600_000 });
      smtp.holdReplies();
      const draining = doomed.drainOnce().catch((error: unknown) => error);
      await smtp.waitForHeld(concurrency);
      // From now on no mark can commit, and the server accepts every mail at once.
      const lock = await lockOutbox(db);
      smtp.release();
      await smtp.waitForMessages(concurrency + MAX_UNMARKED_MAILS);
      // The crash: the sender's connections die with its marks still waiting.
      const ending = doomedPool.end();
      await db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'doomed-sender'`,
      );
      await lock.end();
      expect(await draining).toBeInstanceOf(Error);
      await ending;
      await doomed.stop();
      const acceptedBeforeCrash = new Set(smtp.messages.map((mail) => mail.envelope.rcptTo[0]));
      expect(acceptedBeforeCrash.size).toBe(concurrency + MAX_UNMARKED_MAILS);
      expect((await outboxRows(db)).filter((row) => row.sent_at !== null)).toEqual([]);

      // Another replica, once the lease has ended.
      await makeEverythingDue(db);
      expect(await sender({ concurrency }).drainOnce()).toBe(30);

      expect(smtp.messages).toHaveLength(30 + concurrency + MAX_UNMARKED_MAILS);
      for (const draft of drafts) {
        const copies = smtp.messages.filter((mail) => mail.envelope.rcptTo[0] === draft.to.address);
        expect(copies).toHaveLength(acceptedBeforeCrash.has(draft.to.address) ? 2 : 1);
        expect(new Set(copies.map((mail) => mail.messageId))).toEqual(
          new Set([mailMessageId(draft.dedupeKey, MESSAGE_ID_DOMAIN)]),
        );
      }
    });
  });

  describe('stop()', () => {
    it('hands back claimed mail it has not started, so another sender sends it at once', async () => {
      await commitMail(
        db,
        Array.from({ length: 5 }, () => aDraft()),
      );
      const first = sender({ leaseMs: 3_600_000 });
      smtp.holdReplies();
      const draining = first.drainOnce();
      await smtp.waitForHeld(1);
      const stopping = first.stop();
      smtp.release();
      await draining;
      await stopping;

      await sender().drainOnce();

      expect(smtp.messages).toHaveLength(5);
      expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(5);
    });
  });

  describe('header safety', () => {
    it('never turns a subject or a name with CR/LF into a header', async () => {
      const draft = aDraft({
        subject: 'Licence update\r\nBcc: spy@evil.example\r\n\r\nInjected body',
        to: { address: 'victim@company.example', name: 'Ana\r\nBcc: spy@evil.example\nX-Evil: 1' },
      });
      await commitMail(db, [draft]);

      await sender().drainOnce();

      const [mail] = await smtp.waitForMessages(1);
      const fields = headerFields(mail!.raw);
      expect(fields.filter((field) => /^(bcc|cc|x-evil):/i.test(field))).toEqual([]);
      expect(mail!.envelope.rcptTo).toEqual(['victim@company.example']);
      expect(mail!.headers.has('bcc')).toBe(false);
      expect(mail!.subject).toBe('Licence update Bcc: spy@evil.example Injected body');
      expect(mail!.to).toMatchObject({
        value: [{ address: 'victim@company.example', name: 'Ana Bcc: spy@evil.example X-Evil: 1' }],
      });
      expect(mail!.text).toBe(draft.text);
    });

    it('keeps a name that looks like more addresses a name', async () => {
      await commitMail(db, [
        aDraft({
          to: { address: 'victim@company.example', name: 'Eve <spy@evil.example>, other@evil.example' },
        }),
      ]);

      await sender().drainOnce();

      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.envelope.rcptTo).toEqual(['victim@company.example']);
      expect(mail!.to).toMatchObject({ value: [{ address: 'victim@company.example' }] });
      expect((mail!.to as { value: unknown[] }).value).toHaveLength(1);
    });

    it.each([
      ['a line break', 'victim@company.example\r\nBcc: spy@evil.example'],
      ['a bare LF', 'victim@company.example\nspy@evil.example'],
      ['a NUL-like control', 'victim\u0001@company.example'],
      ['a second address', 'victim@company.example, spy@evil.example'],
      ['a display name', 'Eve <spy@evil.example>'],
    ])('refuses an address with %s: the row fails and nothing is sent', async (_, address) => {
      await commitMail(db, [aDraft({ to: { address, name: null } })]);

      await sender().drainOnce();

      expect(smtp.attempts).toBe(0);
      const [row] = await outboxRows(db);
      expect(row!.sent_at).toBeNull();
      expect(row!.failed_at).toBeInstanceOf(Date);
      expect(row!.last_error).toMatch(/recipient refused before sending/);
    });
  });
});
