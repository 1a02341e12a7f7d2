import { normaliseLicenceNumber, type LicenceStatus } from '@lmp/contracts';
import { companyNameOf } from '../../data-access/company.repository';
import type { Tx } from '../../data-access/database';
import { findLicencesByNumber } from '../../data-access/licence.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import { confirmationRequestMail } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, settingsUrl, type NotificationLinks } from './notification-links';

/**
 * Chinese authorities reported on a licence: every user of the company holding it (matched by
 * normalised number) is asked to confirm or correct. Always sent: no preference turns it off, so
 * no one-click unsubscribe header (the footer links to the settings for the other e-mails).
 */
export async function confirmationRequestMails(
  tx: Tx,
  deps: { mail: MailQueue; links: NotificationLinks },
  f: { eventId: string; licenceNumber: string; status: LicenceStatus; date: string | null },
): Promise<number> {
  const drafts: MailDraft[] = [];
  for (const licence of await findLicencesByNumber(tx, normaliseLicenceNumber(f.licenceNumber))) {
    const companyName = companyNameOr(await companyNameOf(tx, licence.companyId));
    for (const r of await recipientsOf(tx, [licence.companyId])) {
      drafts.push({
        dedupeKey: `${f.eventId}:${r.emailKey}:confirmation-request`,
        kind: 'confirmation-request',
        to: { address: r.email, name: r.name },
        ...confirmationRequestMail({
          recipientName: r.name,
          companyName,
          licenceNumber: licence.licenceNumber,
          reportedStatus: f.status,
          reportedDate: f.date,
          confirmUrl: `${deps.links.baseUrl}/confirmations`,
          unsubscribeUrl: settingsUrl(deps.links),
        }),
      });
    }
  }
  return drafts.length ? deps.mail.enqueue(tx, drafts) : 0;
}
