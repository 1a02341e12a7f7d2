import { connect, type Socket } from 'node:net';
import { startTestSmtpServer, type TestSmtpServer } from '../src';

// A raw SMTP dialogue over a socket, so this package needs no mail client of its own and the test
// sees each reply code the server really sends.
interface SmtpDialogue {
  /** Sends a line (without CRLF) and resolves with the complete reply, e.g. `250 OK …`. */
  say(line: string): Promise<string>;
  greeting: string;
  close(): void;
}

async function dial(port: number): Promise<SmtpDialogue> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  let buffer = '';
  let pending: { resolve: (reply: string) => void; reject: (error: Error) => void } | undefined;
  const replies: string[] = [];
  const deliver = () => {
    if (pending && replies.length) {
      const { resolve } = pending;
      pending = undefined;
      resolve(replies.shift()!);
    }
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    // A reply is complete at a line whose code is followed by a space (`250 `, not `250-`).
    for (let match = /^(\d{3}) .*\r\n/m.exec(buffer); match; match = /^(\d{3}) .*\r\n/m.exec(buffer)) {
      const end = match.index + match[0].length;
      replies.push(buffer.slice(0, end).trimEnd());
      buffer = buffer.slice(end);
    }
    deliver();
  });
  socket.on('error', (error) => pending?.reject(error));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      pending = { resolve, reject };
      deliver();
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const greeting = await next();
  return {
    greeting,
    say(line) {
      socket.write(`${line}\r\n`);
      return next();
    },
    close: () => socket.destroy(),
  };
}

const code = (reply: string) => Number(reply.slice(0, 3));

const ATTACHMENT = 'licence_number,submission_date\r\nCN-2025-0001,2025-10-01\r\n';

function aMessage(subject: string): string {
  return [
    'From: sender@example.test',
    'To: receiver@example.test',
    `Subject: ${subject}`,
    'Message-ID: <batch-42@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Two columns attached.',
    // A line starting with a dot is dot-stuffed on the wire and must arrive unstuffed.
    '..and a dotted line',
    '--b1',
    'Content-Type: text/csv; charset=utf-8; name="batch.csv"',
    'Content-Disposition: attachment; filename="batch.csv"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(ATTACHMENT).toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

/** One whole SMTP transaction; resolves with the reply to the end of DATA. */
async function send(server: TestSmtpServer, subject: string): Promise<string> {
  const smtp = await dial(server.port);
  try {
    expect(code(await smtp.say('EHLO client.test'))).toBe(250);
    expect(code(await smtp.say('MAIL FROM:<sender@example.test>'))).toBe(250);
    expect(code(await smtp.say('RCPT TO:<receiver@example.test>'))).toBe(250);
    expect(code(await smtp.say('DATA'))).toBe(354);
    const reply = await smtp.say(`${aMessage(subject)}\r\n.`);
    await smtp.say('QUIT');
    return reply;
  } finally {
    smtp.close();
  }
}

describe('startTestSmtpServer', () => {
  let server: TestSmtpServer;

  beforeEach(async () => {
    server = await startTestSmtpServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('should listen on a free loopback port and give a nodemailer URL for it', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`smtp://127.0.0.1:${server.port}`);
    const smtp = await dial(server.port);
    expect(code(smtp.greeting)).toBe(220);
    const ehlo = await smtp.say('EHLO client.test');
    smtp.close();
    expect(ehlo).not.toMatch(/STARTTLS|AUTH/);
  });

  it('should capture each message parsed, with its raw bytes and its envelope', async () => {
    const reply = await send(server, 'Batch 42');

    expect(code(reply)).toBe(250);
    // Captured before the 250 went out: no waiting needed once the client has its reply.
    expect(server.messages).toHaveLength(1);
    const [mail] = await server.waitForMessages(1);
    expect(mail!.subject).toBe('Batch 42');
    expect(mail!.messageId).toBe('<batch-42@example.test>');
    expect(mail!.from?.value[0]?.address).toBe('sender@example.test');
    expect(mail!.text).toContain('.and a dotted line');
    expect(mail!.text).not.toContain('..and');
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]!.filename).toBe('batch.csv');
    expect(mail!.attachments[0]!.contentType).toBe('text/csv');
    expect(mail!.attachments[0]!.content.toString('utf8')).toBe(ATTACHMENT);
    expect(mail!.raw.toString('utf8')).toContain('Subject: Batch 42\r\n');
    expect(mail!.envelope).toEqual({ mailFrom: 'sender@example.test', rcptTo: ['receiver@example.test'] });
    expect(server.attempts).toBe(1);
  });

  it('should answer the next messages with the reply given to failNext, then accept again', async () => {
    server.failNext(2, { code: 451, message: 'Try again later' });

    const replies = [await send(server, 'one'), await send(server, 'two'), await send(server, 'three')];

    expect(replies.map(code)).toEqual([451, 451, 250]);
    expect(replies[0]).toContain('Try again later');
    expect(server.messages.map((m) => m.subject)).toEqual(['three']);
    expect(server.attempts).toBe(3);
  });

  it('should refuse for good with a 5xx reply', async () => {
    server.failNext(1, { code: 550, message: 'Mailbox unavailable' });

    expect(code(await send(server, 'refused'))).toBe(550);
    expect(server.messages).toHaveLength(0);
  });

  it('should refuse connections while stopped and accept them again on the same port', async () => {
    await send(server, 'before');
    const { port } = server;

    await server.stop();
    expect(server.isRunning()).toBe(false);
    await expect(dial(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await server.start();
    expect(server.port).toBe(port);
    expect(code(await send(server, 'after'))).toBe(250);
    expect(server.messages.map((m) => m.subject)).toEqual(['before', 'after']);
  });

  it('should say how many messages arrived when waitForMessages runs out of time', async () => {
    await send(server, 'only one');

    await expect(server.waitForMessages(2, 200)).rejects.toThrow(
      'expected 2 message(s) at the test SMTP server, got 1',
    );
  });

  it('should wake a waiter when the awaited message arrives', async () => {
    const waiting = server.waitForMessages(1);
    await send(server, 'late');
    await expect(waiting).resolves.toMatchObject([{ subject: 'late' }]);
  });

  it('should hold the reply to a whole message until release(), then accept it', async () => {
    server.holdReplies();
    let answered = false;
    const sending = send(server, 'held').then((reply) => {
      answered = true;
      return reply;
    });

    const [held] = await server.waitForHeld(1);
    expect(held!.subject).toBe('held');
    expect(held!.attachments[0]!.content.toString('utf8')).toBe(ATTACHMENT);
    expect(answered).toBe(false);
    expect(server.messages).toHaveLength(0);
    expect(server.attempts).toBe(1);

    server.release();

    expect(code(await sending)).toBe(250);
    expect(server.held).toHaveLength(0);
    expect(server.messages.map((m) => m.subject)).toEqual(['held']);
    // Holding ended with the release: the next message is answered at once.
    expect(code(await send(server, 'next'))).toBe(250);
  });

  it('should keep a held message whose sender went away, as a server that delivered it would', async () => {
    server.holdReplies();
    const smtp = await dial(server.port);
    await smtp.say('EHLO client.test');
    await smtp.say('MAIL FROM:<sender@example.test>');
    await smtp.say('RCPT TO:<receiver@example.test>');
    await smtp.say('DATA');
    // Its reply never comes: the sender is gone before the server answers.
    void smtp.say(`${aMessage('orphan')}\r\n.`);
    await server.waitForHeld(1);

    smtp.close(); // the sender dies before it hears 250
    server.release();

    expect(server.messages.map((m) => m.subject)).toEqual(['orphan']);
    expect(code(await send(server, 'after the crash'))).toBe(250);
    expect(server.messages.map((m) => m.messageId)).toEqual([
      '<batch-42@example.test>',
      '<batch-42@example.test>',
    ]);
  });

  it('should forget everything on clear()', async () => {
    await send(server, 'old');
    server.failNext(1, { code: 451, message: 'later' });

    server.clear();

    expect(server.messages).toHaveLength(0);
    expect(server.attempts).toBe(0);
    expect(code(await send(server, 'new'))).toBe(250);
  });
});

describe('startTestSmtpServer with auth', () => {
  it('should require the configured credentials and put them in its URL', async () => {
    const server = await startTestSmtpServer({ auth: { user: 'lmp', pass: 's3cret' } });
    try {
      expect(server.url).toBe(`smtp://lmp:s3cret@127.0.0.1:${server.port}`);
      const smtp = await dial(server.port);
      expect(await smtp.say('EHLO client.test')).toMatch(/AUTH .*PLAIN/);
      expect(code(await smtp.say('MAIL FROM:<sender@example.test>'))).toBe(530);
      const plain = (user: string, pass: string) => Buffer.from(`\0${user}\0${pass}`).toString('base64');
      expect(code(await smtp.say(`AUTH PLAIN ${plain('lmp', 'wrong')}`))).toBe(535);
      expect(code(await smtp.say(`AUTH PLAIN ${plain('lmp', 's3cret')}`))).toBe(235);
      expect(code(await smtp.say('MAIL FROM:<sender@example.test>'))).toBe(250);
      smtp.close();
    } finally {
      await server.stop();
    }
  });
});
