import type { SendMailOptions } from 'nodemailer';
import { addressProblem, headerSafe } from './header-safe';
import { mailMessageId } from './message-id';

/** A row of mail_outbox as the sender claimed it. */
export interface OutboxMail {
  id: string;
  dedupeKey: string;
  kind: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  headers: Record<string, unknown>;
  messageId: string | null;
  attempts: number;
  createdAt: Date;
}

export interface Sender {
  address: string;
  name: string;
}

export type ComposedMail =
  | { ok: true; messageId: string; message: SendMailOptions }
  | { ok: false; messageId: string; reason: string };

// The stored header fields the sender passes on; anything else in the column is ignored.
const PASSED_HEADERS = new Set(['list-unsubscribe', 'list-unsubscribe-post']);

/**
 * The message for one outbox row, every header value built from data passed through headerSafe;
 * or why the row can never be sent (an address that is not a plain address, e.g. with a line end).
 */
export function composeMessage(mail: OutboxMail, from: Sender, messageIdDomain: string): ComposedMail {
  const messageId = mail.messageId ?? mailMessageId(mail.dedupeKey, messageIdDomain);
  const problem = addressProblem(mail.toAddress);
  if (problem) return { ok: false, messageId, reason: `recipient refused before sending: ${problem}` };
  const name = headerSafe(mail.toName ?? '');
  const headers: Record<string, string> = {
    // RFC 3834: no out-of-office or other automatic answers to a platform notification; the
    // second line says the same to Exchange (the Commission's mail system).
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'OOF, AutoReply',
  };
  for (const [field, value] of Object.entries(mail.headers)) {
    if (PASSED_HEADERS.has(field.toLowerCase()) && typeof value === 'string')
      headers[field] = headerSafe(value);
  }
  return {
    ok: true,
    messageId,
    message: {
      from: { name: headerSafe(from.name), address: from.address },
      to: name ? { name, address: mail.toAddress } : mail.toAddress,
      // The SMTP envelope names exactly one recipient, whatever a header might be made to say.
      envelope: { from: from.address, to: [mail.toAddress] },
      subject: headerSafe(mail.subject),
      text: mail.textBody,
      html: mail.htmlBody,
      messageId,
      headers,
    },
  };
}
