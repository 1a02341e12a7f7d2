/** What nodemailer sets on the errors it rejects with (see its errors.d.ts). */
interface NodemailerFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
}

/**
 * How a failed send is handled:
 * - `refused`: the server (or nodemailer, before asking it) refused this message for good (5xx):
 *   counts towards maxAttempts;
 * - `deferred`: the server asked to try this message later (4xx): retried beyond maxAttempts,
 *   given up only after giveUpAfterMs;
 * - `unavailable`: no server to talk to, or one that refuses every message (connection refused or
 *   dropped, time-outs, 421, failed login): the mail is retried and the pass stops, so an outage
 *   costs one attempt per pass rather than one per queued mail.
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

export function classifySendFailure(error: unknown): SendFailure {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as NodemailerFailure;
  const code = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const reason = `${code ?? failure.code ?? 'error'}: ${failure.message ?? String(error)}`.slice(0, 2_000);
  // 421: the service is closing the channel; 503: a bad sequence of commands (the session's fault).
  if (code === 421 || code === 503 || failure.code === 'EAUTH') return { kind: 'unavailable', reason };
  if (code !== undefined && code >= 500) return { kind: 'refused', reason };
  if (code !== undefined && code >= 400) return { kind: 'deferred', reason };
  if (failure.code !== undefined && SESSION_CODES.has(failure.code)) return { kind: 'unavailable', reason };
  if (failure.code !== undefined && MESSAGE_CODES.has(failure.code)) return { kind: 'refused', reason };
  // Anything else (an unknown error without a reply) is treated like an outage: retried, not given up.
  return { kind: 'unavailable', reason };
}
