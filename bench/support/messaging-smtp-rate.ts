import { createRequire } from 'node:module';
import path from 'node:path';
import type { SmtpSink } from './messaging-smtp-sink';

/** What nodemailer's pooled transport offers that this file uses. */
interface Transport {
  sendMail(message: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

/**
 * The nodemailer that @lmp/mailer sends with (10.x, installed under packages/mailer), not the
 * older one hoisted to the root for maildev: the raw rate must be the same client's. (6.x leaves
 * Nagle on, which against a server that delays its ACKs costs ~40 ms per message on loopback.)
 */
const fromMailer = createRequire(path.join(__dirname, '..', '..', 'packages', 'mailer', 'package.json'));

function mailersNodemailer(): { createTransport(options: Record<string, unknown>): Transport } {
  return fromMailer('nodemailer') as { createTransport(options: Record<string, unknown>): Transport };
}

export function nodemailerVersion(): string {
  return (fromMailer('nodemailer/package.json') as { version: string }).version;
}

export interface SampleMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface RawRate {
  concurrency: number;
  mails: number;
  seconds: number;
  perSecond: number;
  bytesPerMail: number;
}

/**
 * Plain nodemailer, pooled like the sender's transport (`maxConnections` = concurrency), sending
 * `count` copies of a real outbox mail to the sink as fast as it takes them: the SMTP ceiling the
 * service's delivery is compared with.
 */
export async function rawSmtpRate(
  sink: SmtpSink,
  sample: SampleMail,
  count: number,
  concurrency: number,
): Promise<RawRate> {
  await sink.reset();
  const transport = mailersNodemailer().createTransport({
    pool: true,
    maxConnections: concurrency,
    host: sink.host,
    port: sink.port,
    secure: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          await transport.sendMail({
            from: { address: 'no-reply@licences.trade.ec.europa.eu', name: 'DG TRADE licence monitoring' },
            to: { address: `raw-${i}@bench.example`, name: `Raw ${i}` },
            subject: sample.subject,
            text: sample.text,
            html: sample.html,
            headers: sample.headers,
          });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      concurrency,
      mails: count,
      seconds,
      perSecond: count / seconds,
      bytesPerMail: sink.bytes() / Math.max(1, sink.accepted()),
    };
  } finally {
    transport.close();
  }
}
