import { createHash } from 'node:crypto';

/**
 * `<mail-<32 hex>@<domain>>` from the dedupe key: the same for every attempt at one row, so a
 * mail sent again after a crash carries the Message-ID of the first send and a reader (or a
 * mail client's duplicate filter) can tell it is the same mail.
 */
export function mailMessageId(dedupeKey: string, domain: string): string {
  const digest = createHash('sha256').update(dedupeKey, 'utf8').digest('hex').slice(0, 32);
  return `<mail-${digest}@${domain}>`;
}

/** A domain fit for the right-hand side of a msg-id (RFC 5322 §3.6.4, dot-atom). */
export function assertMessageIdDomain(domain: string): void {
  if (
    !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(domain)
  ) {
    throw new TypeError(`messageIdDomain "${domain}" is not a plain domain name`);
  }
}
