import { createHash, randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { createLogger } from '@lmp/logger';
import { startTestSmtpServer, type CapturedMail, type TestSmtpServer } from '@lmp/testing';
import {
  createMofcomMailer,
  MailDispatchError,
  type BatchDispatch,
  type MofcomMailer,
} from '../src/infrastructure/mail';

const FROM = 'no-reply@lmp.example.eu';
const TO = 'dispatch@mofcom.example.cn';
const logger = createLogger({ name: 'mail-test', level: 'silent' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// Licences as the platform holds them: every field but the first two must stay home.
const licences = [
  {
    number: 'CN-2025-000123',
    applicationDate: '2025-10-01',
    exporterName: 'Baotou Rare Earth Trading Co',
    companyName: 'Magnetwerk Süd GmbH',
    eori: 'DE987654321000001',
    operatorEmail: 'anna.keller@magnetwerk.example.de',
    operatorName: 'Anna Keller',
  },
  {
    number: '商务部-2025-77',
    applicationDate: '2025-10-14',
    exporterName: 'Ganzhou Oxide Export Ltd',
    companyName: 'Lumen Optics BV',
    eori: 'NL123456789',
    operatorEmail: 'j.devries@lumen.example.nl',
    operatorName: 'Jan de Vries',
  },
];
const forbidden = licences.flatMap((l) => [
  l.exporterName,
  l.companyName,
  l.eori,
  l.operatorEmail,
  l.operatorName,
]);

function csvOf(columns: (keyof (typeof licences)[number])[]): Buffer {
  const lines = [columns.join(','), ...licences.map((l) => columns.map((c) => l[c]).join(','))];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

function aDispatch(overrides: Partial<BatchDispatch> = {}): BatchDispatch {
  return {
    batchId: randomUUID(),
    runNumber: 12,
    period: { from: '2025-11-03', to: '2025-11-16' },
    file: {
      filename: 'lmp-batch-12.csv',
      contentType: 'text/csv',
      content: csvOf(['number', 'applicationDate']),
    },
    itemCount: licences.length,
    ...overrides,
  };
}

/** Everything a reader of the message could see: the raw bytes and every decoded part. */
function everythingIn(mail: CapturedMail): string {
  return [
    mail.raw.toString('utf8'),
    mail.subject ?? '',
    mail.text ?? '',
    ...[...mail.headers.values()].map((v) => JSON.stringify(v)),
    ...mail.attachments.map((a) => `${a.filename} ${a.content.toString('utf8')}`),
  ].join('\n');
}

/** Forbidden values found, and addresses other than From, To and the Message-ID's addr-spec. */
function leaksOf(mail: CapturedMail): { values: string[]; addresses: string[] } {
  const text = everythingIn(mail);
  const allowed = new Set([FROM, TO, mail.messageId!.replace(/^<|>$/g, '')]);
  const addresses = [...text.matchAll(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu)].map((m) => m[0]);
  return {
    values: forbidden.filter((value) => text.toLowerCase().includes(value.toLowerCase())),
    addresses: [...new Set(addresses)].filter((address) => !allowed.has(address)),
  };
}

describe('createMofcomMailer', () => {
  let smtp: TestSmtpServer;
  let mailer: MofcomMailer;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    mailer = createMofcomMailer({ smtpUrl: smtp.url, from: FROM, to: TO, logger });
  });
  beforeEach(async () => {
    smtp.clear();
    await smtp.start(); // a test may have stopped it
  });
  afterAll(async () => {
    mailer.close();
    await smtp.stop();
  });

  describe('sendBatch', () => {
    it('should send one e-mail to MOFCOM naming the run number and the period', async () => {
      const dispatch = aDispatch();

      const receipt = await mailer.sendBatch(dispatch);

      const [mail] = await smtp.waitForMessages(1);
      expect(smtp.messages).toHaveLength(1);
      expect(mail!.envelope).toEqual({ mailFrom: FROM, rcptTo: [TO] });
      expect(mail!.from?.value.map((a) => a.address)).toEqual([FROM]);
      expect((mail!.to as { value: { address: string }[] }).value.map((a) => a.address)).toEqual([TO]);
      expect(mail!.cc).toBeUndefined();
      expect(mail!.replyTo).toBeUndefined();
      expect(mail!.subject).toBe(
        'EU licence follow-up — batch 12 — 2025-11-03 to 2025-11-16 | 欧盟许可证跟进 — 第12批 — 2025-11-03 至 2025-11-16',
      );
      expect(mail!.text).toContain('lists 2 licence applications');
      expect(mail!.text).toContain('列出 2 份');
      expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
      expect(receipt).toEqual({
        messageId: `<batch-${dispatch.batchId}@lmp.trade.ec.europa.eu>`,
        accepted: [TO],
        response: expect.stringMatching(/^250 /),
      });
      expect(mail!.messageId).toBe(receipt.messageId);
    });

    it('should say when a batch is urgent', async () => {
      await mailer.sendBatch(
        aDispatch({ runNumber: 13, urgent: true, period: { from: '2025-11-17', to: '2025-11-17' } }),
      );

      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.subject).toMatch(
        /^EU licence follow-up — urgent batch 13 — 2025-11-17 to 2025-11-17 \| .*（紧急）/,
      );
    });

    it('should give every send of one batch the same Message-ID, and another batch another', async () => {
      const dispatch = aDispatch();

      await mailer.sendBatch(dispatch);
      await mailer.sendBatch(dispatch); // a resend after a crash between sending and recording
      await mailer.sendBatch(aDispatch());

      const mails = await smtp.waitForMessages(3);
      expect(mails[0]!.messageId).toBe(`<batch-${dispatch.batchId}@lmp.trade.ec.europa.eu>`);
      expect(mails[1]!.messageId).toBe(mails[0]!.messageId);
      expect(mails[2]!.messageId).not.toBe(mails[0]!.messageId);
    });

    it('should attach the file byte for byte with its name and content type', async () => {
      const content = csvOf(['number', 'applicationDate']);

      await mailer.sendBatch(
        aDispatch({ file: { filename: 'lmp-batch-12.csv', contentType: 'text/csv', content } }),
      );

      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.attachments).toHaveLength(1);
      const [attachment] = mail!.attachments;
      expect(attachment!.filename).toBe('lmp-batch-12.csv');
      expect(attachment!.contentType).toBe('text/csv');
      expect(sha256(attachment!.content)).toBe(sha256(content));
    });

    it('should attach a file given as a stream', async () => {
      const content = csvOf(['number', 'applicationDate']);
      const chunks = [content.subarray(0, 7), content.subarray(7, 40), content.subarray(40)];
      const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

      await mailer.sendBatch(
        aDispatch({
          file: { filename: 'lmp-batch-12.xlsx', contentType: xlsx, content: Readable.from(chunks) },
        }),
      );

      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.attachments[0]!.contentType).toBe(xlsx);
      expect(sha256(mail!.attachments[0]!.content)).toBe(sha256(content));
    });

    it('should carry no licence field, company, person or address but its own From and To', async () => {
      await mailer.sendBatch(aDispatch());

      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.attachments[0]!.content.toString('utf8')).toBe(
        'number,applicationDate\r\nCN-2025-000123,2025-10-01\r\n商务部-2025-77,2025-10-14\r\n',
      );
      expect(leaksOf(mail!)).toEqual({ values: [], addresses: [] });
    });

    it('should let the data minimisation check catch a file that says too much', async () => {
      const content = csvOf(['number', 'applicationDate', 'companyName', 'operatorEmail']);

      await mailer.sendBatch(
        aDispatch({ file: { filename: 'too-much.csv', contentType: 'text/csv', content } }),
      );

      const [mail] = await smtp.waitForMessages(1);
      const leaks = leaksOf(mail!);
      expect(leaks.values).toEqual(
        expect.arrayContaining(['Magnetwerk Süd GmbH', 'anna.keller@magnetwerk.example.de']),
      );
      expect(leaks.addresses).toEqual(['anna.keller@magnetwerk.example.de', 'j.devries@lumen.example.nl']);
    });

    it('should fail as transient when the server answers 451, and accept the resend', async () => {
      smtp.failNext(1, { code: 451, message: 'Local error in processing' });
      const dispatch = aDispatch();

      const failure = await mailer.sendBatch(dispatch).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(MailDispatchError);
      expect(failure).toMatchObject({ transient: true, responseCode: 451 });
      expect((failure as Error).message).toMatch(/transient.*451 Local error in processing/);
      await expect(mailer.sendBatch(dispatch)).resolves.toMatchObject({ accepted: [TO] });
      expect(smtp.attempts).toBe(2);
      expect(smtp.messages).toHaveLength(1);
    });

    it('should fail as permanent when the server answers 550', async () => {
      smtp.failNext(1, { code: 550, message: 'Mailbox unavailable' });

      const failure = await mailer.sendBatch(aDispatch()).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(MailDispatchError);
      expect(failure).toMatchObject({ transient: false, responseCode: 550 });
      expect(smtp.messages).toHaveLength(0);
    });

    it('should fail as transient, connection refused, while the SMTP server is down', async () => {
      await smtp.stop();

      const failure = await mailer.sendBatch(aDispatch()).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(MailDispatchError);
      expect(failure).toMatchObject({ transient: true, code: 'ECONNREFUSED', responseCode: undefined });
      await smtp.start();
      await expect(mailer.sendBatch(aDispatch())).resolves.toMatchObject({ accepted: [TO] });
    });

    it('should fail as transient when the server takes the connection but never greets', async () => {
      // A relay that hangs: TCP accepted, no 220 ever. The wait is the mailer's greeting timeout.
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as AddressInfo;
      const hanging = createMofcomMailer({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: FROM,
        to: TO,
        logger,
        timeouts: { greetingMs: 300 },
      });
      try {
        const failure = await hanging.sendBatch(aDispatch()).catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(MailDispatchError);
        expect(failure).toMatchObject({ transient: true, code: 'ETIMEDOUT' });
      } finally {
        hanging.close();
        sockets.forEach((socket) => socket.destroy());
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('should refuse a batch id that cannot go into a Message-ID, sending nothing', async () => {
      await expect(mailer.sendBatch(aDispatch({ batchId: 'x>@evil' }))).rejects.toThrow(/batchId/);
      expect(smtp.attempts).toBe(0);
    });
  });

  describe('verify', () => {
    it('should resolve while the SMTP server answers and fail as transient while it is down', async () => {
      await expect(mailer.verify()).resolves.toBeUndefined();

      await smtp.stop();

      await expect(mailer.verify()).rejects.toMatchObject({ transient: true, code: 'ECONNREFUSED' });
    });
  });
});
