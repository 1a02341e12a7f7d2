import { ZThreadListQuery } from '@lmp/contracts';
import { ZBroadcastListQuery, ZUnsubscribeQuery } from './composed-schemas';
import { ATTACHMENT_MEDIA } from './media-types';
import type { BodySpec, OperationSpec } from './operation-spec';

/** A message: JSON `{ body }`, or multipart/form-data with `body` and up to 5 files. */
const MESSAGE: BodySpec = {
  json: 'MessageInput',
  multipart: { schema: 'MessageForm', fileTypes: ATTACHMENT_MEDIA },
};
const FILES =
  'As JSON { body }, or multipart/form-data with a body field and up to 5 files (PDF, PNG, JPEG, XLSX; 10 MB each; the type is checked by content: 415 otherwise, 413 when too large).';

// prettier-ignore
export const MESSAGE_OPERATIONS: OperationSpec[] = [
  { method: 'get', path: '/messages', tag: 'Messages', commissionOnly: true, summary: "The Commission's inbox: all threads, unread first, then newest first", query: ZThreadListQuery, ok: [200, 'ThreadPage'] },
  { method: 'get', path: '/messages/threads', tag: 'Messages', summary: "The caller's threads (Commission: all), unread first, then newest first", query: ZThreadListQuery, ok: [200, 'ThreadPage'], errors: [403] },
  { method: 'get', path: '/messages/threads/{id}', tag: 'Messages', summary: 'One thread with its messages, oldest first', ok: [200, 'Thread'] },
  { method: 'post', path: '/messages/threads/{id}/messages', tag: 'Messages', summary: 'Write in a thread', description: FILES, body: MESSAGE, ok: [201, 'Message'], idempotencyKey: true },
  { method: 'post', path: '/messages/threads/{id}/read', tag: 'Messages', summary: "Mark the thread read up to now for the caller's side", ok: [204, null] },
  { method: 'get', path: '/messages/broadcasts', tag: 'Messages', commissionOnly: true, summary: 'Broadcasts sent, newest first', query: ZBroadcastListQuery, ok: [200, 'BroadcastPage'] },
  { method: 'post', path: '/messages/broadcasts', tag: 'Messages', commissionOnly: true, summary: "One message to every company holding a matching licence, in each one's general thread (dryRun: how many companies and licences)", body: 'BroadcastInput', ok: [201, 'Broadcast'], alsoOk: [200, ['BroadcastDryRun', 'Broadcast'], 'A dry run (nothing sent), or a retry with the same Idempotency-Key (the first broadcast)'], idempotencyKey: true, errors: [409], description: 'A filter that matches no company holding a licence is refused (422 naming `filter`; the dry run answers 0). 409: the Idempotency-Key was used for another broadcast, or the first request with it is still writing (Retry-After). A broadcast whose request died mid-way is finished by the service within about a minute.' },
  { method: 'get', path: '/licences/{id}/messages', tag: 'Messages', summary: 'The thread about this licence (id null and no messages until the first one)', ok: [200, 'Thread'] },
  { method: 'post', path: '/licences/{id}/messages', tag: 'Messages', summary: 'Write in the thread about this licence (the first message opens it)', description: FILES, body: MESSAGE, ok: [201, 'Message'], idempotencyKey: true },
  { method: 'get', path: '/me/company/messages', tag: 'Messages', summary: "The company's general thread with the Commission (not about one licence)", ok: [200, 'Thread'], errors: [403] },
  { method: 'post', path: '/me/company/messages', tag: 'Messages', summary: "Write in the company's general thread with the Commission", description: FILES, body: MESSAGE, ok: [201, 'Message'], idempotencyKey: true },
  { method: 'get', path: '/attachments/{id}', tag: 'Messages', summary: 'Download an attachment of a message the caller may see (always Content-Disposition: attachment)', ok: [200, { media: ATTACHMENT_MEDIA }], okHeaders: ['Content-Disposition'] },
  { method: 'get', path: '/me/notifications', tag: 'Notifications', summary: "The caller's e-mail preferences (confirmation requests and invitations are always sent)", ok: [200, 'NotificationPreferences'] },
  { method: 'put', path: '/me/notifications', tag: 'Notifications', summary: "Set the caller's e-mail preferences", body: 'NotificationPreferencesInput', ok: [200, 'NotificationPreferences'] },
  { method: 'get', path: '/notifications/unsubscribe', tag: 'Notifications', public: true, summary: "The page the e-mail's unsubscribe link opens: a button that posts the one-click unsubscribe (opening it changes nothing, so a mail scanner following links unsubscribes nobody)", description: 'No sign-in: the token is passed on to the button and checked when it is pressed.', query: ZUnsubscribeQuery, ok: [200, { media: ['text/html'] }] },
  { method: 'post', path: '/notifications/unsubscribe', tag: 'Notifications', public: true, summary: 'One-click unsubscribe (RFC 8058) from the signed link in an e-mail: turns that kind of e-mail off; a second click changes nothing', description: 'No sign-in: the signed token is the proof. Mail clients post List-Unsubscribe=One-Click as a form (multipart/form-data, as RFC 8058 recommends, or urlencoded); the body is not needed. A browser (Accept: text/html, from the page the link opens) is answered with a page, others with JSON. 400 when the token is not valid.', query: ZUnsubscribeQuery, body: { form: 'UnsubscribeForm', required: false }, ok: [200, { json: 'Unsubscribed', media: ['text/html'] }] },
];
