import { count, excerptOf, formatDate, formatDateTime, oneLine } from './mail-format';
import { renderMail, type MailBlock } from './mail-layout';
import type { DailyMessageDigestMailInput, RenderedMail } from './mail-template.types';

/** Threads listed in full in one digest; the rest are counted and left to the inbox. */
export const DIGEST_MAX_THREADS = 50;

/** For users who chose one e-mail a day about new messages instead of one per message. */
export function dailyMessageDigestMail(input: DailyMessageDigestMailInput): RenderedMail {
  const toCommission = input.recipientSide === 'commission';
  const company = oneLine(input.companyName);
  const threads = [...input.threads].sort(
    (a, b) => new Date(b.lastMessageAt).getTime() - new Date(a.lastMessageAt).getTime(),
  );
  const messages = threads.reduce((sum, thread) => sum + thread.newMessages, 0);
  const total = count(messages, 'new message');
  const day = formatDate(input.day);
  const blocks: MailBlock[] = [
    {
      type: 'paragraph',
      text: `${total} arrived on ${day} in ${count(threads.length, 'thread')}${toCommission ? ' of companies' : ` of ${company}`}:`,
    },
  ];
  for (const thread of threads.slice(0, DIGEST_MAX_THREADS)) {
    const about = thread.licenceNumber ? `licence ${oneLine(thread.licenceNumber)}` : 'general thread';
    blocks.push(
      {
        type: 'heading',
        text: `${oneLine(thread.threadSubject)} (${toCommission ? `${oneLine(thread.companyName)}, ` : ''}${about})`,
      },
      {
        type: 'paragraph',
        text: `${count(thread.newMessages, 'new message')}, the latest on ${formatDateTime(thread.lastMessageAt)}:`,
      },
      { type: 'quote', text: excerptOf(thread.excerpt, 300) },
      { type: 'action', label: 'Open the thread', url: thread.threadUrl },
    );
  }
  if (threads.length > DIGEST_MAX_THREADS) {
    blocks.push({
      type: 'paragraph',
      text: `${count(threads.length - DIGEST_MAX_THREADS, 'more thread')} with new messages ${threads.length - DIGEST_MAX_THREADS === 1 ? 'is' : 'are'} in the inbox.`,
    });
  }
  blocks.push({ type: 'action', label: 'Go to the inbox', url: input.inboxUrl });
  return renderMail({
    subject: `${total} on the EU licence monitoring platform, ${day}`,
    preview: `${total} in ${count(threads.length, 'thread')}.`,
    greetingName: input.recipientName,
    blocks,
    reason: toCommission
      ? 'You receive this e-mail because this address is the Commission mailbox for messages from companies and a daily digest was chosen for it.'
      : `You receive this e-mail because you are a user of ${company} on the platform and chose a daily digest of new messages.`,
    unsubscribe: input.unsubscribeUrl
      ? { label: 'Unsubscribe from e-mails about new messages', url: input.unsubscribeUrl }
      : undefined,
  });
}
