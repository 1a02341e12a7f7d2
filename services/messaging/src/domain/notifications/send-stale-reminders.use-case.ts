import { withTransaction, type Db } from '../../data-access/database';
import { claimJobRun, recordJobMailCount } from '../../data-access/job-run.repository';
import { findStaleLicences, type StaleLicence } from '../../data-access/licence.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import type { Clock } from '../clock';
import { companyNamesOf } from '../../data-access/company.repository';
import { staleReminderMail } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, type NotificationLinks } from './notification-links';
import { isoWeekOf, isWeeklyReminderDue } from './periods';

export const STALE_REMINDER_JOB = 'stale-reminder';

export interface StaleReminderDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
  staleAfterDays: number;
  /** The hour of Monday (Brussels) from which the week's reminder is due. */
  dueHour: number;
}

/**
 * The weekly reminder: each user (who has not turned it off) of a company with stale licences
 * gets one e-mail listing them. The week's run is claimed in the same transaction as its mail
 * (job_runs), so with any number of replicas, and however often the job wakes, a week's
 * reminder goes out once, at the first wake-up from Monday 08:00 (Brussels) on that succeeds.
 * Answers how many mails were enqueued, or null when the week had run or is not due yet.
 */
export async function sendStaleReminders(deps: StaleReminderDeps): Promise<number | null> {
  const now = deps.clock();
  if (!isWeeklyReminderDue(now, deps.dueHour)) return null; // before Monday 08:00: the week's run is not due yet
  const week = isoWeekOf(now);
  const changedBefore = new Date(now.getTime() - deps.staleAfterDays * 86_400_000);
  const count = await withTransaction(deps.db, async (tx) => {
    if (!(await claimJobRun(tx, STALE_REMINDER_JOB, week))) return null;
    const byCompany = new Map<string, StaleLicence[]>();
    for (const licence of await findStaleLicences(tx, changedBefore)) {
      byCompany.set(licence.companyId, [...(byCompany.get(licence.companyId) ?? []), licence]);
    }
    const names = await companyNamesOf(tx, [...byCompany.keys()]);
    const drafts: MailDraft[] = [];
    for (const r of await recipientsOf(tx, [...byCompany.keys()])) {
      if (!r.staleReminder) continue;
      const unsubscribeUrl = deps.links.unsubscribeUrl(r.emailKey, 'staleReminder');
      drafts.push({
        dedupeKey: `${STALE_REMINDER_JOB}:${week}:${r.companyId}:${r.emailKey}`,
        kind: 'stale-reminder',
        to: { address: r.email, name: r.name },
        ...staleReminderMail({
          recipientName: r.name,
          companyName: companyNameOr(names.get(r.companyId)),
          licences: byCompany.get(r.companyId)!.map((l) => ({
            licenceNumber: l.licenceNumber,
            status: l.status,
            lastChangeAt: l.statusChangedAt,
            lastTransmittedAt: l.lastTransmittedAt,
          })),
          staleAfterDays: deps.staleAfterDays,
          licencesUrl: `${deps.links.baseUrl}/licences`,
          unsubscribeUrl,
        }),
        unsubscribeUrl,
      });
    }
    const enqueued = drafts.length ? await deps.mail.enqueue(tx, drafts) : 0;
    await recordJobMailCount(tx, STALE_REMINDER_JOB, week, enqueued);
    return enqueued;
  });
  if (count) deps.mail.wake();
  return count;
}
