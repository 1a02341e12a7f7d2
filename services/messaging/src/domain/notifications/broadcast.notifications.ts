import type { Tx } from '../../data-access/database';
import { addDigestItems } from '../../data-access/digest.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import { companyNamesOf } from '../../data-access/company.repository';
import type { BroadcastRecord } from '../broadcasts/broadcast.types';
import { newMessageMail } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, threadUrl, type NotificationLinks } from './notification-links';

/** The new-message e-mail of a broadcast chunk's messages, in the chunk's transaction (as for any Commission message). */
export async function broadcastMails(
  tx: Tx,
  deps: { mail: MailQueue; links: NotificationLinks },
  broadcast: BroadcastRecord,
  written: { messageId: string; threadId: string; companyId: string }[],
): Promise<number> {
  if (written.length === 0) return 0;
  const byCompany = new Map(written.map((w) => [w.companyId, w]));
  const names = await companyNamesOf(tx, [...byCompany.keys()]);
  const drafts: MailDraft[] = [];
  const daily = new Map<string, string[]>();
  for (const r of await recipientsOf(tx, [...byCompany.keys()])) {
    const w = byCompany.get(r.companyId)!;
    if (r.newMessage === 'daily') daily.set(w.messageId, [...(daily.get(w.messageId) ?? []), r.emailKey]);
    if (r.newMessage !== 'immediate') continue;
    const unsubscribeUrl = deps.links.unsubscribeUrl(r.emailKey, 'newMessage');
    drafts.push({
      dedupeKey: `${w.messageId}:${r.emailKey}:new-message`,
      kind: 'new-message',
      to: { address: r.email, name: r.name },
      ...newMessageMail({
        recipientName: r.name,
        companyName: companyNameOr(names.get(r.companyId)),
        threadSubject: broadcast.subject,
        licenceNumber: null,
        excerpt: broadcast.body,
        fromSide: 'commission',
        threadUrl: threadUrl(deps.links, { licenceId: null, threadId: w.threadId }),
        unsubscribeUrl,
      }),
      unsubscribeUrl,
    });
  }
  for (const [messageId, keys] of daily) await addDigestItems(tx, keys, messageId);
  return drafts.length ? deps.mail.enqueue(tx, drafts) : 0;
}
