import { excerptOf, oneLine } from './mail-format';
import { renderMail } from './mail-layout';
import type { NewMessageMailInput, RenderedMail } from './mail-template.types';

/** A new message in a thread: to the company's users (the Commission wrote) or to the Commission mailbox. */
export function newMessageMail(input: NewMessageMailInput): RenderedMail {
  const company = oneLine(input.companyName);
  const thread = oneLine(input.threadSubject);
  const toCompany = input.fromSide === 'commission';
  const writer = toCompany ? 'the European Commission' : company;
  const where = input.licenceNumber
    ? `about licence ${oneLine(input.licenceNumber)}`
    : toCompany
      ? `in the general thread of ${company}`
      : 'in its general thread';
  return renderMail({
    subject: `New message from ${toCompany ? 'the European Commission' : company}: ${thread}`,
    preview: `${capitalise(writer)} wrote ${where}.`,
    greetingName: input.recipientName,
    blocks: [
      {
        type: 'paragraph',
        text: toCompany
          ? `The European Commission has written to ${company} ${where} (“${thread}”):`
          : `${company} has written to the Commission ${where} (“${thread}”):`,
      },
      { type: 'quote', text: excerptOf(input.excerpt) },
      { type: 'action', label: 'Read and reply on the platform', url: input.threadUrl },
      {
        type: 'paragraph',
        text: 'Please reply on the platform rather than to this e-mail: replies to this address are not read, and attachments are kept with the thread there.',
      },
    ],
    reason: toCompany
      ? `You receive this e-mail because you are a user of ${company} on the platform and chose to be told of new messages as they arrive.`
      : 'You receive this e-mail because this address is the Commission mailbox for messages from companies on the platform.',
    unsubscribe: input.unsubscribeUrl
      ? { label: 'Unsubscribe from e-mails about new messages', url: input.unsubscribeUrl }
      : undefined,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
