// A real SMTP server on loopback for tests that send e-mail: the `smtp-server` package on a free
// port of 127.0.0.1, each message parsed with mailparser and kept, raw bytes included, so a test
// asserts what really went over the wire (headers, body, attachments) rather than what a fake
// was handed. It can refuse the next messages with a chosen reply (4xx to test retries, 5xx for a
// permanent refusal) and be stopped and started again on the same port (SMTP down, then back).
//
//   const smtp = await startTestSmtpServer();
//   createTransport(smtp.url) … sendMail(…)
//   const [mail] = await smtp.waitForMessages(1);   // mail.subject, mail.attachments, mail.raw
//   smtp.failNext(2, { code: 451, message: 'Try again later' });
//   await smtp.stop(); … await smtp.start();         // connections refused meanwhile
//   smtp.holdReplies(); … await smtp.waitForHeld(1);  // whole message in, no 250 yet (kill the
//   smtp.release();                                  //   client now: a crash between send and record)
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message as the server received it: mailparser's view of it, its raw bytes and its envelope. */
export type CapturedMail = ParsedMail & {
  /** The message exactly as sent after DATA (headers, body, every part, still encoded). */
  raw: Buffer;
  envelope: { mailFrom: string | null; rcptTo: string[] };
};

export interface SmtpReply {
  /** An SMTP reply code: 4xx (try again later) or 5xx (refused for good). */
  code: number;
  message: string;
}

export interface TestSmtpServerOptions {
  /** Default 0: a free port. */
  port?: number;
  /** When given, clients must authenticate (PLAIN or LOGIN, over plain text) with these. */
  auth?: { user: string; pass: string };
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** `smtp://127.0.0.1:<port>` (with the credentials when auth is on): a nodemailer transport URL. */
  url: string;
  /** Every accepted message, in the order the server accepted them. */
  messages: CapturedMail[];
  /** Messages that reached the end of DATA, accepted or refused by failNext (retries show here). */
  readonly attempts: number;
  /** Resolves once `count` messages were accepted; rejects after `timeoutMs` (default 10 s). */
  waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  /** Answers the next `count` messages with this reply at the end of DATA, and keeps none of them. */
  failNext(count: number, reply: SmtpReply): void;
  /**
   * From now on, a message that reaches the end of DATA is received whole (parsed, in `held`) but
   * not answered: the client waits for its 250. A test kills the sender at that moment to stand
   * between "the server has the message" and "the sender knows it was accepted".
   */
  holdReplies(): void;
  /** Messages received whole under holdReplies and not answered yet, oldest first. */
  readonly held: readonly CapturedMail[];
  /** Resolves once `count` messages are held; rejects after `timeoutMs` (default 10 s). */
  waitForHeld(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  /**
   * Stops holding and answers every held message with 250, moving it to `messages`: the server
   * keeps a message whose sender went away meanwhile, as a real one that has delivered it does.
   */
  release(): void;
  /** Forgets the captured messages, the attempts, any pending failNext, and stops holding. */
  clear(): void;
  isRunning(): boolean;
  /** Stops listening (connections are refused from now on); open sessions get 421. Idempotent. */
  stop(): Promise<void>;
  /** Listens again on the same port, keeping the captured messages. */
  start(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: CapturedMail[] = [];
  const failures: SmtpReply[] = [];
  const waiters = new Set<() => void>();
  const held: { mail: CapturedMail; answer: (error?: Error | null) => void }[] = [];
  const heldMails: CapturedMail[] = [];
  let holding = false;
  let attempts = 0;
  let server: SMTPServer | undefined;
  let port = options.port ?? 0;

  const onData = (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error: Error) => callback(error));
    stream.on('end', () => {
      attempts++;
      const failure = failures.shift();
      if (failure) return callback(replyError(failure));
      const raw = Buffer.concat(chunks);
      // The reply waits for the parse, so once the client has its 250 the message is in `messages`.
      simpleParser(raw).then(
        (parsed) => {
          const { mailFrom, rcptTo } = session.envelope;
          const mail = Object.assign(parsed, {
            raw,
            envelope: {
              mailFrom: mailFrom ? mailFrom.address : null,
              rcptTo: rcptTo.map((r) => r.address),
            },
          });
          if (holding) {
            held.push({ mail, answer: callback });
            heldMails.push(mail);
          } else {
            messages.push(mail);
            callback();
          }
          waiters.forEach((wake) => wake());
        },
        (error: Error) =>
          callback(replyError({ code: 554, message: `unparsable message: ${error.message}` })),
      );
    });
  };

  const listen = async () => {
    const smtp = new SMTPServer({
      logger: false,
      // No TLS here: a loopback test server, and nodemailer would otherwise upgrade to it.
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      hideSTARTTLS: true,
      authOptional: !options.auth,
      allowInsecureAuth: true,
      closeTimeout: 1000,
      onAuth(auth, _session, callback) {
        const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
        if (!ok) return callback(replyError({ code: 535, message: 'Authentication failed' }));
        callback(null, { user: auth.username });
      },
      onData,
    });
    smtp.on('error', () => undefined); // a client dropping mid-session is not the test's failure
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(port, HOST, () => {
        smtp.server.off('error', reject);
        resolve();
      });
    });
    port = (smtp.server.address() as { port: number }).port;
    server = smtp;
  };

  // A fixed port may be taken: say so clearly. Port 0 cannot fail that way.
  await listen().catch((error: NodeJS.ErrnoException) => {
    throw new Error(`test SMTP server cannot listen on ${HOST}:${port}: ${error.message}`, { cause: error });
  });
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';

  const api: TestSmtpServer = {
    host: HOST,
    port,
    url: `smtp://${credentials}${HOST}:${port}`,
    messages,
    get attempts() {
      return attempts;
    },
    waitForMessages(count, timeoutMs = 10_000) {
      return waitFor(messages, count, timeoutMs, 'message(s) at the test SMTP server');
    },
    holdReplies() {
      holding = true;
    },
    get held() {
      return heldMails;
    },
    waitForHeld(count, timeoutMs = 10_000) {
      return waitFor(heldMails, count, timeoutMs, 'held message(s) at the test SMTP server');
    },
    release() {
      holding = false;
      heldMails.length = 0;
      for (const { mail, answer } of held.splice(0)) {
        messages.push(mail);
        answer();
      }
      waiters.forEach((wake) => wake());
    },
    failNext(count, reply) {
      for (let i = 0; i < count; i++) failures.push(reply);
    },
    clear() {
      messages.length = 0;
      failures.length = 0;
      attempts = 0;
      holding = false;
      heldMails.length = 0;
      // Sessions still waiting are told to go away, not left hanging.
      for (const { answer } of held.splice(0))
        answer(replyError({ code: 421, message: 'Test server reset' }));
    },
    isRunning: () => server !== undefined,
    async stop() {
      const smtp = server;
      if (!smtp) return;
      server = undefined;
      for (const { answer } of held.splice(0)) answer(replyError({ code: 421, message: 'Shutting down' }));
      heldMails.length = 0;
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
    async start() {
      if (server) return;
      await listen();
    },
  };
  return api;

  function waitFor(list: CapturedMail[], count: number, timeoutMs: number, what: string) {
    return new Promise<CapturedMail[]>((resolve, reject) => {
      const check = () => {
        if (list.length < count) return;
        cleanUp();
        resolve(list.slice(0, count));
      };
      const timer = setTimeout(() => {
        cleanUp();
        reject(new Error(`expected ${count} ${what}, got ${list.length}`));
      }, timeoutMs);
      const cleanUp = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }
}

function replyError({ code, message }: SmtpReply): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
