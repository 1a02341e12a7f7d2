import { count, formatDate, formatDateTime, oneLine } from './mail-format';
import { renderMail, type MailBlock } from './mail-layout';
import type { RenderedMail, TransmissionDigestMailInput } from './mail-template.types';

/** Rows listed in one mail; a company with more is sent to the platform for the rest. */
export const DIGEST_MAX_ROWS = 1_000;

/** Shown for an application date no event has told yet: never a date made up. */
export const UNKNOWN_DATE = '—';

/** After a dispatched batch: which of the company's licences it carried. */
export function transmissionDigestMail(input: TransmissionDigestMailInput): RenderedMail {
  const company = oneLine(input.companyName);
  const licences = [...input.licences].sort((a, b) => a.licenceNumber.localeCompare(b.licenceNumber, 'en'));
  const shown = licences.slice(0, DIGEST_MAX_ROWS);
  const licenceCount = Math.max(input.licenceCount ?? 0, licences.length);
  const total = count(licenceCount, 'licence');
  const blocks: MailBlock[] = [
    {
      type: 'paragraph',
      text: `On ${formatDateTime(input.dispatchedAt)} the European Commission transmitted batch ${input.batchRunNumber} to the Ministry of Commerce of the People's Republic of China (MOFCOM). It included ${total} of ${company}:`,
    },
    {
      type: 'table',
      columns: ['Licence number', 'Application date', 'Times transmitted'],
      rows: shown.map((licence) => [
        oneLine(licence.licenceNumber),
        licence.applicationDate === null ? UNKNOWN_DATE : formatDate(licence.applicationDate),
        String(licence.timesTransmitted),
      ]),
      numeric: [2],
    },
  ];
  if (licenceCount > shown.length) {
    blocks.push({
      type: 'paragraph',
      text: `The first ${count(shown.length, 'licence')} are listed here; all ${total} are on the platform.`,
    });
  }
  blocks.push(
    {
      type: 'paragraph',
      text: 'No action is needed. When MOFCOM decides on a licence, please record the decision on the platform.',
    },
    { type: 'action', label: 'See your licences', url: input.licencesUrl },
  );
  return renderMail({
    subject: `${total} of ${company} transmitted to MOFCOM on ${formatDate(input.dispatchedAt)} (batch ${input.batchRunNumber})`,
    preview: `Batch ${input.batchRunNumber} included ${total} of ${company}.`,
    greetingName: input.recipientName,
    blocks,
    reason: `You receive this e-mail because you are a user of ${company} on the platform and transmission digests are on in your notification settings.`,
    unsubscribe: { label: 'Unsubscribe from transmission digests', url: input.unsubscribeUrl },
  });
}
