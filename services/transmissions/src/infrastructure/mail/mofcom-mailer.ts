// Sends a batch file to MOFCOM's configured address: one e-mail per dispatch, over SMTP with
// nodemailer. No retries here: a failure comes back as a MailDispatchError that says whether it
// is worth trying again (the dispatch use case waits longer each time and gives up in the end).
import { Readable } from 'node:stream';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import type { Logger } from '@lmp/logger';
import { toMailDispatchError } from './mail-dispatch.error';
import { batchMessageId, batchSubject, batchText, MESSAGE_ID_DOMAIN } from './mofcom-message';

export interface MofcomMailerOptions {
  /** e.g. `smtp://relay.example:25` or `smtps://user:pass@relay.example:465`. */
  smtpUrl: string;
  /** The platform's sender, e.g. `EU Licence Monitoring <no-reply@lmp.trade.ec.europa.eu>`. */
  from: string;
  /** MOFCOM's address (MOFCOM_DISPATCH_TO). */
  to: string;
  logger: Logger;
  /** Right-hand side of the Message-IDs (default lmp.trade.ec.europa.eu); keep it stable. */
  messageIdDomain?: string;
  timeouts?: { connectMs?: number; greetingMs?: number; socketMs?: number };
}

const ZBatchDispatchSchema = z.object({
  // It goes into the Message-ID, so only characters a msg-id may hold.
  batchId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/),
  runNumber: z.number().int().positive(),
  period: z.object({
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  }),
  file: z.object({
    filename: z.string().regex(/^[^/\\\p{Cc}]{1,120}$/u),
    contentType: z.string().min(1),
    content: z.union([z.instanceof(Buffer), z.instanceof(Readable)]),
  }),
  itemCount: z.number().int().nonnegative(),
  urgent: z.boolean().optional(),
});

export type BatchDispatch = z.infer<typeof ZBatchDispatchSchema>;

export interface DispatchReceipt {
  /** `<batch-<batchId>@<domain>>`: the same for every send of one batch. */
  messageId: string;
  /** The recipients the server accepted. */
  accepted: string[];
  /** The server's last reply, e.g. `250 OK: message queued`. */
  response: string;
}

export interface MofcomMailer {
  /**
   * Sends the batch e-mail once. A stream as file content is read to its end: a second attempt
   * needs a new stream. Throws MailDispatchError.
   */
  sendBatch(dispatch: BatchDispatch): Promise<DispatchReceipt>;
  /** Connects and greets the SMTP server (and logs in, if the URL has credentials); for readiness. */
  verify(): Promise<void>;
  close(): void;
}

export function createMofcomMailer(options: MofcomMailerOptions): MofcomMailer {
  const { from, to, logger, timeouts = {} } = options;
  const domain = options.messageIdDomain ?? MESSAGE_ID_DOMAIN;
  const transport = createTransport({
    url: options.smtpUrl,
    pool: false, // one dispatch every two weeks: a fresh connection each time, none left idle
    connectionTimeout: timeouts.connectMs ?? 10_000,
    greetingTimeout: timeouts.greetingMs ?? 10_000,
    socketTimeout: timeouts.socketMs ?? 60_000,
    dnsTimeout: 10_000,
    // The attachment is handed over as bytes or a stream; never let a message read a path or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async sendBatch(input) {
      const dispatch = ZBatchDispatchSchema.parse(input);
      const { batchId, runNumber, file, itemCount } = dispatch;
      const messageId = batchMessageId(batchId, domain);
      const wording = { ...dispatch, filename: file.filename };
      try {
        const info = await transport.sendMail({
          from,
          to,
          subject: batchSubject(wording),
          text: batchText(wording),
          messageId,
          // RFC 3834: no out-of-office or other automatic answers to a machine's message.
          headers: { 'Auto-Submitted': 'auto-generated' },
          attachments: [
            {
              filename: file.filename,
              contentType: file.contentType,
              content: file.content,
              // base64 whatever the type: a text/csv part must not have its line ends rewritten.
              contentTransferEncoding: 'base64',
            },
          ],
        });
        const accepted = info.accepted.map(String);
        logger.info(
          { batchId, runNumber, messageId, itemCount, response: info.response },
          'batch e-mailed to MOFCOM',
        );
        return { messageId, accepted, response: info.response };
      } catch (error) {
        const failure = toMailDispatchError(error, `e-mailing batch ${runNumber} to MOFCOM`);
        logger.warn(
          {
            batchId,
            runNumber,
            messageId,
            transient: failure.transient,
            code: failure.code,
            responseCode: failure.responseCode,
          },
          failure.message,
        );
        throw failure;
      }
    },

    async verify() {
      try {
        await transport.verify();
      } catch (error) {
        throw toMailDispatchError(error, 'connecting to the SMTP server');
      }
    },

    close() {
      transport.close();
    },
  };
}
