import type { CapturedMail } from '@lmp/testing';

/** A header as it went over the wire (unfolded), from the raw message. */
export function rawHeader(mail: CapturedMail, name: string): string | undefined {
  const head = mail.raw
    .toString('utf8')
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** Mails whose envelope names this recipient. */
export const to = (address: string) => (mail: CapturedMail) =>
  mail.envelope.rcptTo.map((a) => a.toLowerCase()).includes(address.toLowerCase());
