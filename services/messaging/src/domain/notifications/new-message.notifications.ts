import type { MessageSide } from '@lmp/contracts';
import { companyNameOf } from '../../data-access/company.repository';
import type { Tx } from '../../data-access/database';
import { addDigestItems } from '../../data-access/digest.repository';
import { findPreferences } from '../../data-access/preference.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import { newMessageMail } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, threadUrl, type NotificationLinks } from './notification-links';

export interface PostedMessage {
  messageId: string;
  threadId: string;
  companyId: string;
  licenceId: string | null;
  licenceNumber: string | null;
  subject: string;
  authorSide: MessageSide;
  body: string;
}

/**
 * The e-mail a new message causes, written in the message's own transaction. A company's
 * message goes to the Commission's mailbox; the Commission's to each user of the company. Either
 * way by the recipient's choice: now (immediate), in the daily digest (daily), or not (off).
 * Answers how many were enqueued.
 */
export async function newMessageMails(
  tx: Tx,
  deps: { mail: MailQueue; links: NotificationLinks },
  m: PostedMessage,
): Promise<number> {
  const companyName = companyNameOr(await companyNameOf(tx, m.companyId));
  const content = (recipientName: string | null, unsubscribeUrl: string | undefined) =>
    newMessageMail({
      recipientName,
      companyName,
      threadSubject: m.subject,
      licenceNumber: m.licenceNumber,
      excerpt: m.body,
      fromSide: m.authorSide,
      threadUrl: threadUrl(deps.links, m),
      unsubscribeUrl,
    });
  const recipients =
    m.authorSide === 'company'
      ? [await mailboxRecipient(tx, deps.links)]
      : (await recipientsOf(tx, [m.companyId])).map((r) => ({ ...r, name: r.name as string | null }));
  await addDigestItems(
    tx,
    recipients.filter((r) => r.newMessage === 'daily').map((r) => r.emailKey),
    m.messageId,
  );
  const drafts: MailDraft[] = recipients
    .filter((r) => r.newMessage === 'immediate')
    .map((r) => {
      // The Commission mailbox is an operational, shared address: one click there would silence
      // every company's messages for all staff, so its mail has no one-click unsubscribe.
      const unsubscribeUrl =
        m.authorSide === 'company' ? undefined : deps.links.unsubscribeUrl(r.emailKey, 'newMessage');
      return {
        dedupeKey: `${m.messageId}:${r.emailKey}:new-message`,
        kind: 'new-message',
        to: { address: r.email, name: r.name },
        ...content(r.name, unsubscribeUrl),
        unsubscribeUrl,
      };
    });
  return drafts.length ? deps.mail.enqueue(tx, drafts) : 0;
}

/** The Commission mailbox as a recipient: it has preferences like a user (its key is its address). */
export async function mailboxRecipient(tx: Tx, links: NotificationLinks) {
  const emailKey = links.commissionMailbox.toLowerCase();
  const { newMessage } = await findPreferences(tx, emailKey);
  return { email: links.commissionMailbox, emailKey, name: null as string | null, newMessage };
}
