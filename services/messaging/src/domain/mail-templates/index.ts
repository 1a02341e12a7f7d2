// E-mail templates of the messaging service: pure functions from typed input to
// { subject, text, html }, in the Commission's voice, HTML escaped through `html` only.
export { newMessageMail } from './new-message.mail';
export { confirmationRequestMail } from './confirmation-request.mail';
export { transmissionDigestMail, DIGEST_MAX_ROWS } from './transmission-digest.mail';
export { staleReminderMail } from './stale-reminder.mail';
export { invitationMail } from './invitation.mail';
export { licenceTransferredMail } from './licence-transferred.mail';
export { dailyMessageDigestMail, DIGEST_MAX_THREADS } from './daily-message-digest.mail';
export { escapeHtml, html, SafeHtml } from './html';
export { formatDate, formatDateTime, type DateInput } from './mail-format';
export { PLATFORM_VOICE } from './mail-layout';
export type * from './mail-template.types';
