import { formatDate, formatDateTime, oneLine } from './mail-format';
import { renderMail } from './mail-layout';
import type { InvitationMailInput, RenderedMail } from './mail-template.types';

/** A company admin invited a colleague. Transactional: no unsubscribe link. */
export function invitationMail(input: InvitationMailInput): RenderedMail {
  const company = oneLine(input.companyName);
  const inviter = oneLine(input.invitedByName);
  const invitee = oneLine(input.inviteeEmail);
  return renderMail({
    subject: `${inviter} invited you to join ${company} on the EU licence monitoring platform`,
    preview: `Accept before ${formatDate(input.expiresAt)} by signing in with EU Login.`,
    greetingName: null,
    blocks: [
      {
        type: 'paragraph',
        text: `${inviter} has invited you to join ${company} on the EU licence monitoring platform of the European Commission (DG TRADE), where companies register their Chinese export licences and follow them up with the Commission.`,
      },
      {
        type: 'paragraph',
        text: `To accept, sign in with EU Login using this e-mail address (${invitee}) before ${formatDateTime(input.expiresAt)}.`,
      },
      { type: 'action', label: 'Sign in and accept', url: input.signInUrl },
    ],
    reason: `You receive this e-mail because ${inviter} invited ${invitee} to ${company}. If you did not expect it, you can ignore it: the invitation expires on ${formatDate(input.expiresAt)}.`,
  });
}
