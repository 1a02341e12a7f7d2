import { createHash } from 'node:crypto';
import type { LicenceStatus } from '@lmp/contracts';

/**
 * One fact MOFCOM reported: this number has this status since this date. The same fact received
 * again (the same file re-sent, or a row repeated) has the same key, and is published once.
 */
export function feedbackKeyOf(numberNormalised: string, status: LicenceStatus, date: string | null): string {
  return createHash('sha256')
    .update(`${numberNormalised}\n${status}\n${date ?? ''}`)
    .digest('hex');
}

/**
 * The event's feedbackId, derived from the key (a name-based UUID, version 5 layout): stable for
 * the same fact, so a consumer that keys on it (the licences service's confirmation request)
 * can never open two requests for one fact either.
 */
export function feedbackIdOf(feedbackKey: string): string {
  const h = createHash('sha256').update(`mofcom-feedback:${feedbackKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
