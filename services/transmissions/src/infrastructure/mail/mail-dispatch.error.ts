/** What nodemailer sets on the errors it hands back (nodemailer/dist/cjs/errors.d.ts, not exported). */
interface NodemailerFailure {
  message: string;
  code: string;
  /** The socket's code under nodemailer's own, e.g. ECONNREFUSED under ESOCKET. */
  originalCode: string;
  responseCode: number;
}

/**
 * Failures that the same message will meet again however long the dispatch waits: a refusal
 * without a reply code that only a change of configuration fixes (credentials, TLS, addresses).
 */
const PERMANENT_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'ECONFIG',
  'EENVELOPE',
  'ETLS',
  'EREQUIRETLS',
  'EFILEACCESS',
  'EURLACCESS',
]);

/**
 * Sending a batch e-mail failed. `transient` says whether trying the same message again later
 * can succeed (SMTP 4xx, connection refused, reset or timed out) or not (SMTP 5xx, a
 * configuration the server refuses): the dispatch retries the first and gives up on the second.
 */
export class MailDispatchError extends Error {
  override name = 'MailDispatchError';

  constructor(
    message: string,
    readonly transient: boolean,
    /** nodemailer's code (`ECONNECTION`, `ETIMEDOUT`, `EMESSAGE`…), or the socket's (`ECONNREFUSED`). */
    readonly code?: string,
    /** The SMTP reply code when the server answered, e.g. 451 or 550. */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The reply class decides when the server answered (RFC 5321); the failure's kind otherwise. */
export function toMailDispatchError(error: unknown, what: string): MailDispatchError {
  if (error instanceof MailDispatchError) return error;
  const failure = (error ?? {}) as Partial<NodemailerFailure>;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const code = failure.originalCode ?? failure.code;
  // 503 (bad sequence of commands) is about the session, not the message: a new one may pass.
  const transient =
    responseCode !== undefined
      ? !(responseCode >= 500 && responseCode < 600 && responseCode !== 503)
      : !PERMANENT_CODES.has(failure.code ?? '');
  const reason = failure.message ?? String(error);
  return new MailDispatchError(
    `${what} failed (${transient ? 'transient, retry later' : 'permanent'}): ${reason}`,
    transient,
    code,
    responseCode,
    { cause: error },
  );
}
