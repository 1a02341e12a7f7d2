/** What nodemailer sets on the errors it rejects with (see its errors.d.ts). */
interface NodemailerFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
}

/**
 * How a failed send is handled:
 * - `refused`: the server (or nodemailer, before asking it) refused this message for good (5xx
 *   to RCPT TO or DATA): counts towards maxAttempts;
 * - `deferred`: the server asked to try this message later (4xx): retried beyond maxAttempts,
 *   given up only after giveUpAfterMs;
 * - `unavailable`: no server to talk to, or one that refuses every message (connection refused or
 *   dropped, time-outs, 421, failed login, 530/535, any refusal of EHLO/HELO, AUTH or MAIL FROM:
 *   the relay would answer every mail so): the mail is retried after growing waits, never marked
 *   failed by attempts, and the pass stops, so an outage costs one attempt per pass rather than
 *   one per queued mail.
 */
export type FailureKind = 'refused' | 'deferred' | 'unavailable';

export interface SendFailure {
  kind: FailureKind;
  /** For last_error: the reply code and the server's words, or nodemailer's code and message. */
  reason: string;
}

// Failures of the session or the configuration: every other message would meet them as well.
const SESSION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EREQUIRETLS',
  'EPROTOCOL',
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'EPROXY',
  'ECONFIG',
  'EMAXLIMIT',
]);

// Refusals nodemailer itself makes before the server is asked (no recipient, an invalid address,
// a message over the server's SIZE): this message would meet them again, the others would not.
const MESSAGE_CODES = new Set([
  'EENVELOPE',
  'EMESSAGE',
  'ESTREAM',
  'EFILEACCESS',
  'EURLACCESS',
  'EMAXRECIPIENTS',
  'EOTP',
]);

const SESSION_REPLY_CODES = new Set([421, 503, 530, 535]);

/** nodemailer's `command` of a failure: 'CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH PLAIN', 'MAIL FROM', ... */
function isSessionCommand(command: string | undefined): boolean {
  if (!command) return false;
  const verb = command.trim().toUpperCase();
  return (
    ['CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS'].includes(verb) || verb.startsWith('AUTH') || isMailFrom(verb)
  );
}

const isMailFrom = (command: string | undefined) => command?.trim().toUpperCase() === 'MAIL FROM';

export function classifySendFailure(error: unknown): SendFailure {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as NodemailerFailure;
  const code = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const reason = `${code ?? failure.code ?? 'error'}: ${failure.message ?? String(error)}`.slice(0, 2_000);
  // 421: the service is closing the channel; 503: a bad sequence of commands (the session's fault);
  // 530/535: authentication required / refused (the relay's configuration, whatever the command).
  if (code !== undefined && SESSION_REPLY_CODES.has(code)) return { kind: 'unavailable', reason };
  if (failure.code === 'EAUTH') return { kind: 'unavailable', reason };
  // A reply to a session-level command (the greeting, EHLO/HELO, STARTTLS, AUTH, MAIL FROM) says
  // the relay refuses this sender or this client, so it would refuse every queued mail the same
  // way: a misconfiguration to fix and retry, never a reason to mark mail failed. Except 552 at
  // MAIL FROM, the SIZE extension refusing this one message (RFC 1870).
  if (
    code !== undefined &&
    isSessionCommand(failure.command) &&
    !(code === 552 && isMailFrom(failure.command))
  )
    return { kind: 'unavailable', reason };
  // Only replies to RCPT TO and DATA are about this message: 5xx refuses it for good.
  if (code !== undefined && code >= 500) return { kind: 'refused', reason };
  if (code !== undefined && code >= 400) return { kind: 'deferred', reason };
  if (failure.code !== undefined && SESSION_CODES.has(failure.code)) return { kind: 'unavailable', reason };
  if (failure.code !== undefined && MESSAGE_CODES.has(failure.code)) return { kind: 'refused', reason };
  // Anything else (an unknown error without a reply) is treated like an outage: retried, not given up.
  return { kind: 'unavailable', reason };
}
