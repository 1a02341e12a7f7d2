import { withTransaction, type Db } from '../../data-access/database';
import { takeDigestItems, type DigestEntry } from '../../data-access/digest.repository';
import { claimJobRun, recordJobMailCount } from '../../data-access/job-run.repository';
import { usersByKey } from '../../data-access/recipient.repository';
import type { Clock } from '../clock';
import { dailyMessageDigestMail, type DigestThread } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { mailboxRecipient } from './new-message.notifications';
import { companyNameOr, threadUrl, type NotificationLinks } from './notification-links';
import { isDailyDigestDue, localDateOf } from './periods';

export const DAILY_DIGEST_JOB = 'daily-digest';

/** One entry per thread: how many new messages, the newest one's start. */
function threadsOf(items: DigestEntry[], links: NotificationLinks): DigestThread[] {
  const byThread = new Map<string, DigestThread>();
  for (const i of items) {
    const thread = byThread.get(i.threadId);
    if (thread && thread.lastMessageAt >= i.createdAt) {
      thread.newMessages += 1;
      continue;
    }
    byThread.set(i.threadId, {
      threadSubject: i.subject,
      companyName: companyNameOr(i.companyName),
      licenceNumber: i.licenceNumber,
      newMessages: (thread?.newMessages ?? 0) + 1,
      lastMessageAt: i.createdAt,
      excerpt: i.body,
      threadUrl: threadUrl(links, i),
    });
  }
  return [...byThread.values()];
}

/**
 * Once a day, each user who chose a daily digest of new messages (and the Commission mailbox,
 * if it did) gets one e-mail about the messages since the last one. The items are taken and the
 * mail enqueued in one transaction that also claims the day's run, so nothing is in two digests
 * and no day runs twice, whatever the number of replicas; the first wake-up from 07:00 (Brussels)
 * on that succeeds sends it, so a failed one is caught up by the next.
 */
export async function sendDailyDigests(deps: {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
}): Promise<number | null> {
  const now = deps.clock();
  if (!isDailyDigestDue(now)) return null; // before 07:00: the day's digest is not due yet
  const day = localDateOf(now);
  const count = await withTransaction(deps.db, async (tx) => {
    if (!(await claimJobRun(tx, DAILY_DIGEST_JOB, day))) return null;
    const mailbox = await mailboxRecipient(tx, deps.links);
    const byUser = new Map<string, DigestEntry[]>();
    for (const item of await takeDigestItems(tx, mailbox.emailKey))
      byUser.set(item.emailKey, [...(byUser.get(item.emailKey) ?? []), item]);
    const users = await usersByKey(tx, [...byUser.keys()]);
    const drafts: MailDraft[] = [];
    for (const [key, items] of byUser) {
      const toMailbox = key === mailbox.emailKey;
      const user = toMailbox ? mailbox : users.get(key);
      if (!user || user.newMessage === 'off') continue;
      // The mailbox is operational and shared: no one-click unsubscribe (see new-message.notifications).
      const unsubscribeUrl = toMailbox ? undefined : deps.links.unsubscribeUrl(key, 'newMessage');
      drafts.push({
        dedupeKey: `${DAILY_DIGEST_JOB}:${day}:${key}`,
        kind: 'daily-message-digest',
        to: { address: user.email, name: user.name },
        ...dailyMessageDigestMail({
          recipientName: user.name,
          companyName: companyNameOr(items[0]!.companyName),
          recipientSide: toMailbox ? 'commission' : 'company',
          day: now,
          threads: threadsOf(items, deps.links),
          inboxUrl: `${deps.links.baseUrl}/messages`,
          unsubscribeUrl,
        }),
        unsubscribeUrl,
      });
    }
    const enqueued = drafts.length ? await deps.mail.enqueue(tx, drafts) : 0;
    await recordJobMailCount(tx, DAILY_DIGEST_JOB, day, enqueued);
    return enqueued;
  });
  if (count) deps.mail.wake();
  return count;
}
