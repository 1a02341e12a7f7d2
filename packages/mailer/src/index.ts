export { enqueueMail, type Queryable } from './enqueue-mail';
export type { MailDraft } from './mail-draft';
export { startMailSender, type MailSender, type MailSenderOptions } from './mail-sender';
export { MAX_UNMARKED_MAILS } from './send-pass';
export { deleteSentMail } from './sent-mail-cleanup';
export { unsubscribeTokens, type UnsubscribeClaims, type UnsubscribeTokens } from './unsubscribe-tokens';
export { addressProblem, headerSafe } from './header-safe';
export { mailMessageId } from './message-id';
export { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry-policy';
