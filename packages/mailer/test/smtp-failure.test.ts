import { SMTPServer } from 'smtp-server';
import { classifySendFailure } from '../src/smtp-failure';
import {
  aDraft,
  commitMail,
  FROM,
  makeEverythingDue,
  MESSAGE_ID_DOMAIN,
  outboxRows,
  silentLogger,
} from './support/mail-fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startMailSender } from '../src';

const failure = (responseCode: number, command: string, code = 'EENVELOPE') =>
  Object.assign(new Error(`${responseCode} refused`), { responseCode, command, code });

describe('a failed send is classified by the command the server answered', () => {
  it.each([
    [550, 'MAIL FROM'],
    [553, 'MAIL FROM'],
    [554, 'MAIL FROM'],
    [530, 'MAIL FROM'],
    [535, 'AUTH PLAIN'],
    [554, 'EHLO'],
    [550, 'HELO'],
    [530, 'RCPT TO'],
  ])('%i to %s: the relay refuses every mail so (unavailable: retried, never failed)', (code, command) => {
    expect(classifySendFailure(failure(code, command)).kind).toBe('unavailable');
  });

  it.each([
    [550, 'RCPT TO'],
    [553, 'RCPT TO'],
    [554, 'DATA'],
    [552, 'MAIL FROM'], // SIZE: this message is too large
  ])('%i to %s: this message is refused for good', (code, command) => {
    expect(classifySendFailure(failure(code, command)).kind).toBe('refused');
  });
});

describe('a relay that refuses the sender (550 at MAIL FROM)', () => {
  let db: TestDatabase;
  let server: SMTPServer;
  let port = 0;
  let accept = false;
  const received: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      hideSTARTTLS: true,
      authOptional: true,
      onMailFrom(address, _session, callback) {
        if (!accept)
          return callback(Object.assign(new Error('Sender address rejected'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          received.push('mail');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.drop();
  });

  it('keeps every queued mail (never failed by attempts) and sends them all once the relay is fixed', async () => {
    await commitMail(
      db,
      Array.from({ length: 5 }, () => aDraft()),
    );
    const sender = startMailSender({
      pool: db.pool,
      schema: db.schema,
      smtp: { host: '127.0.0.1', port },
      from: FROM,
      messageIdDomain: MESSAGE_ID_DOMAIN,
      logger: silentLogger,
      run: false,
      retry: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 2 },
      pollIntervalMs: 100,
    });
    try {
      for (let pass = 1; pass <= 4; pass++) {
        await makeEverythingDue(db);
        await sender.drainOnce();
      }
      const rows = await outboxRows(db);
      expect(rows.filter((row) => row.failed_at)).toEqual([]);
      // One attempt per pass on the outage, not one per queued mail.
      expect(rows.reduce((sum, row) => sum + row.attempts, 0)).toBe(4);
      expect(rows.find((row) => row.attempts > 0)!.last_error).toMatch(/^550.*Sender address rejected/);

      accept = true;
      await makeEverythingDue(db);
      await sender.drainOnce();
      expect(received).toHaveLength(5);
      expect((await outboxRows(db)).every((row) => row.sent_at !== null)).toBe(true);
    } finally {
      await sender.stop();
    }
  });
});
