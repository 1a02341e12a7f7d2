import { formatDate, oneLine, statusLabel } from './mail-format';
import { renderMail } from './mail-layout';
import type { ConfirmationRequestMailInput, RenderedMail } from './mail-template.types';

/** MOFCOM reported a status: the company is asked to confirm it or correct it. Always sent. */
export function confirmationRequestMail(input: ConfirmationRequestMailInput): RenderedMail {
  const company = oneLine(input.companyName);
  const licence = oneLine(input.licenceNumber);
  const status = statusLabel(input.reportedStatus);
  return renderMail({
    subject: `Please confirm the status of licence ${licence}`,
    preview: `MOFCOM reports licence ${licence} as “${status}”. Please confirm or correct it.`,
    greetingName: input.recipientName,
    blocks: [
      {
        type: 'paragraph',
        text: `The Ministry of Commerce of the People's Republic of China (MOFCOM) has reported the following for a licence held by ${company}:`,
      },
      {
        type: 'facts',
        items: [
          ['Licence', licence],
          ['Status reported', status],
          ['Date reported', input.reportedDate ? formatDate(input.reportedDate) : 'not given by MOFCOM'],
        ],
      },
      {
        type: 'paragraph',
        text: 'Please confirm this status, or correct it if it does not match what you know, so that the Commission’s records and yours agree.',
      },
      { type: 'action', label: 'Confirm or correct the status', url: input.confirmUrl },
    ],
    reason: `You receive this e-mail because you are a user of ${company}, which holds this licence. Requests to confirm a status are always sent, whatever your notification settings.`,
    unsubscribe: { label: 'Unsubscribe from other notification e-mails', url: input.unsubscribeUrl },
  });
}
