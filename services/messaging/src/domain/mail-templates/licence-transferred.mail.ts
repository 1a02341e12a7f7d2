import { formatDate, oneLine } from './mail-format';
import { renderMail } from './mail-layout';
import type { LicenceTransferredMailInput, RenderedMail } from './mail-template.types';

/**
 * The Commission decided a claim on a licence number: the licence moved from one company to
 * another. Each side is told, always (like a confirmation request: no unsubscribe link). The
 * company that lost it is never told who holds it now, nor the new holder who held it before.
 */
export function licenceTransferredMail(input: LicenceTransferredMailInput): RenderedMail {
  const company = oneLine(input.companyName);
  const licence = oneLine(input.licenceNumber);
  const on = formatDate(input.transferredAt);
  if (input.side === 'previous-holder') {
    return renderMail({
      subject: `Licence ${licence} has been transferred to another company`,
      preview: `After a claim, the Commission transferred licence ${licence} away from ${company}.`,
      greetingName: input.recipientName,
      blocks: [
        {
          type: 'paragraph',
          text: `On ${on} the European Commission decided a claim on licence number ${licence}: the licence has been transferred from ${company} to another company, which showed that the number is theirs.`,
        },
        {
          type: 'paragraph',
          text: `The licence, its history, transmissions and messages are no longer shown to ${company}. If you believe this decision is wrong, please write to the Commission in your company’s general thread on the platform.`,
        },
        { type: 'action', label: 'Write to the Commission', url: input.actionUrl },
      ],
      reason: `You receive this e-mail because you are a user of ${company}, which held this licence. E-mails about a licence transfer are always sent, whatever your notification settings.`,
    });
  }
  return renderMail({
    subject: `Licence ${licence} is now held by ${company}`,
    preview: `The Commission decided your claim: licence ${licence} now belongs to ${company}.`,
    greetingName: input.recipientName,
    blocks: [
      {
        type: 'paragraph',
        text: `On ${on} the European Commission decided the claim on licence number ${licence} in favour of ${company}: the licence is now yours, with its history, transmissions and messages.`,
      },
      {
        type: 'paragraph',
        text: 'Changes and messages written before the transfer are shown as by the “Previous holder”. Please check the licence’s details and keep its status up to date.',
      },
      { type: 'action', label: 'See the licence', url: input.actionUrl },
    ],
    reason: `You receive this e-mail because you are a user of ${company}, which now holds this licence. E-mails about a licence transfer are always sent, whatever your notification settings.`,
  });
}
