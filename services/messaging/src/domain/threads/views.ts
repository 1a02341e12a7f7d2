import type { Message, MessageSide, ThreadSummary } from '@lmp/contracts';
import { COMMISSION_NAME } from '../identity/caller';
import type { MessageRecord, ThreadRecord } from './thread.types';

export const attachmentUrl = (id: string) => `/api/v1/attachments/${id}`;

export function toThreadSummary(t: ThreadRecord, viewer: MessageSide): ThreadSummary {
  return {
    id: t.id,
    licenceId: t.licenceId,
    licenceNumber: t.licenceNumber,
    companyId: t.companyId,
    companyName: t.companyName,
    subject: t.subject,
    lastMessageAt: t.lastMessageAt,
    unread: viewer === 'company' ? t.unreadByCompany : t.unreadByCommission,
  };
}

/**
 * Who the company that holds a transferred licence now sees as the author of its earlier
 * holders' messages (as the licences service shows their changes in the history): a claimant
 * never learns who held the number, nor their staff's names.
 */
export const PREVIOUS_HOLDER_NAME = 'Previous holder';

/**
 * A company reads "the Commission" for every staff member, and "Previous holder" for the staff of
 * a company that held the licence before its transfer; the Commission sees who wrote.
 */
export function toMessageView(m: MessageRecord, viewer: MessageSide): Message {
  const author =
    m.authorSide === 'company'
      ? {
          side: m.authorSide,
          name: m.previousHolder && viewer === 'company' ? PREVIOUS_HOLDER_NAME : m.authorName,
        }
      : viewer === 'commission'
        ? { side: m.authorSide, name: COMMISSION_NAME, staffName: m.authorName }
        : { side: m.authorSide, name: COMMISSION_NAME };
  return {
    id: m.id,
    threadId: m.threadId,
    author,
    subject: m.subject,
    body: m.body,
    createdAt: m.createdAt,
    broadcastId: m.broadcastId,
    attachments: m.attachments.map((a) => ({ ...a, url: attachmentUrl(a.id) })),
  };
}

export const GENERAL_SUBJECT = 'General enquiries';
export const licenceSubject = (licenceNumber: string) => `Licence ${licenceNumber}`;
