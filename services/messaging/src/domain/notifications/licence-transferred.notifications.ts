import { randomUUID } from 'node:crypto';
import { companyNamesOf } from '../../data-access/company.repository';
import type { Tx } from '../../data-access/database';
import { insertMessage } from '../../data-access/message.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import { openThread, touchThread } from '../../data-access/thread.repository';
import { formatDate, licenceTransferredMail } from '../mail-templates';
import { GENERAL_SUBJECT } from '../threads/views';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, threadUrl, type NotificationLinks } from './notification-links';

export interface TransferFacts {
  eventId: string;
  licenceId: string;
  licenceNumber: string;
  fromCompanyId: string;
  toCompanyId: string;
  transferredAt: string;
}

/** Who signs the automatic notice in a general thread: the Commission's side, no staff member. */
export const PLATFORM_AUTHOR = { key: 'platform', name: 'Licence monitoring platform (automatic notice)' };

type Side = 'previous-holder' | 'new-holder';

function noticeBody(side: Side, t: TransferFacts): string {
  const on = formatDate(t.transferredAt);
  return side === 'previous-holder'
    ? `Licence ${t.licenceNumber} was transferred to another company on ${on}, after the Commission decided a claim on its number. The licence, its history, transmissions and messages are no longer shown to your company. If you believe this is wrong, please reply here.`
    : `Licence ${t.licenceNumber} was transferred to your company on ${on}, after the Commission decided your claim. Its earlier messages are in the licence’s thread; those written by the previous holder’s staff are shown as by the “Previous holder”.`;
}

/**
 * Both companies are told of a transfer, in the transfer's own transaction: one e-mail to each
 * current user of each (always sent; dedupe key event + recipient + side), and one automatic
 * notice from the Commission's side in each company's general thread (unread for the company;
 * no new-message e-mail: the transfer e-mail says the same). The company that lost the licence
 * is never told who holds it now. Answers how many e-mails were enqueued.
 */
export async function licenceTransferredNotices(
  tx: Tx,
  deps: { mail: MailQueue; links: NotificationLinks; now: Date },
  t: TransferFacts,
): Promise<number> {
  const sides: [Side, string][] = [
    ['previous-holder', t.fromCompanyId],
    ['new-holder', t.toCompanyId],
  ];
  const names = await companyNamesOf(tx, [t.fromCompanyId, t.toCompanyId]);
  const generalThreads = new Map<string, string>();
  for (const [side, companyId] of sides) {
    const thread = await openThread(tx, {
      id: randomUUID(),
      companyId,
      licenceId: null,
      subject: GENERAL_SUBJECT,
      at: deps.now,
    });
    const written = await insertMessage(tx, {
      id: randomUUID(),
      threadId: thread.id,
      authorSide: 'commission',
      authorKey: PLATFORM_AUTHOR.key,
      authorName: PLATFORM_AUTHOR.name,
      subject: `Licence ${t.licenceNumber} transferred`,
      body: noticeBody(side, t),
      createdAt: deps.now,
      broadcastId: null,
      // One notice per transfer and side, however often the event is applied.
      idempotencyKey: `licence-transferred:${t.eventId}:${side}`,
    });
    if (written) await touchThread(tx, thread.id, 'commission', deps.now);
    generalThreads.set(companyId, thread.id);
  }
  const drafts: MailDraft[] = [];
  for (const r of await recipientsOf(tx, [t.fromCompanyId, t.toCompanyId])) {
    const side: Side = r.companyId === t.fromCompanyId ? 'previous-holder' : 'new-holder';
    drafts.push({
      dedupeKey: `${t.eventId}:${r.emailKey}:licence-transferred-${side}`,
      kind: 'licence-transferred',
      to: { address: r.email, name: r.name },
      ...licenceTransferredMail({
        side,
        recipientName: r.name,
        companyName: companyNameOr(names.get(r.companyId)),
        licenceNumber: t.licenceNumber,
        transferredAt: t.transferredAt,
        actionUrl:
          side === 'new-holder'
            ? `${deps.links.baseUrl}/licences/${t.licenceId}`
            : threadUrl(deps.links, { licenceId: null, threadId: generalThreads.get(r.companyId)! }),
      }),
    });
  }
  return drafts.length ? deps.mail.enqueue(tx, drafts) : 0;
}
