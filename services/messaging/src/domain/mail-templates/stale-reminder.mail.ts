import { count, formatDate, oneLine, statusLabel } from './mail-format';
import { renderMail } from './mail-layout';
import type { RenderedMail, StaleReminderMailInput } from './mail-template.types';
import { DIGEST_MAX_ROWS } from './transmission-digest.mail';

/** The weekly reminder: pending licences not updated for a while since they were last transmitted. */
export function staleReminderMail(input: StaleReminderMailInput): RenderedMail {
  const company = oneLine(input.companyName);
  const days = input.staleAfterDays ?? 14;
  const licences = [...input.licences].sort((a, b) => a.licenceNumber.localeCompare(b.licenceNumber, 'en'));
  const shown = licences.slice(0, DIGEST_MAX_ROWS);
  const total = count(licences.length, 'pending licence');
  return renderMail({
    subject: `Reminder: ${total} of ${company} not updated for ${days} days`,
    preview: `${total} of ${company} have had no update for ${days} days since they were transmitted to MOFCOM.`,
    greetingName: input.recipientName,
    blocks: [
      {
        type: 'paragraph',
        text: `The following licences of ${company} are still open and have not been updated for ${days} days or more since they were last transmitted to MOFCOM:`,
      },
      {
        type: 'table',
        columns: ['Licence number', 'Status', 'Last change', 'Last transmitted'],
        rows: shown.map((licence) => [
          oneLine(licence.licenceNumber),
          statusLabel(licence.status),
          formatDate(licence.lastChangeAt),
          formatDate(licence.lastTransmittedAt),
        ]),
      },
      ...(licences.length > shown.length
        ? [
            {
              type: 'paragraph' as const,
              text: `The first ${shown.length} are listed here; all are on the platform.`,
            },
          ]
        : []),
      {
        type: 'paragraph',
        text: 'If MOFCOM has decided on any of them, please record the decision on the platform so the Commission’s picture stays current. If nothing has changed, no action is needed.',
      },
      { type: 'action', label: 'Update your licences', url: input.licencesUrl },
    ],
    reason: `You receive this e-mail because you are a user of ${company} on the platform and weekly reminders about licences without news are on in your notification settings.`,
    unsubscribe: { label: 'Unsubscribe from these reminders', url: input.unsubscribeUrl },
  });
}
