import { createHash } from 'node:crypto';

/** The namespace of this service's name-based event ids (a random UUID, fixed forever). */
const NAMESPACE = '5b0d7a4e-2f7c-4b8e-9a51-3d6c1f0e8b27';

/**
 * A UUID version 5 (RFC 9562, SHA-1, name-based) of `name`: the same name always gives the same
 * id, so an event re-published under it is recognised by every idempotent consumer.
 */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The backfill's UserJoinedCompany for one membership: one id per user and company. */
export const membershipEventId = (userId: string, companyId: string) =>
  uuidV5(`UserJoinedCompany:${userId}:${companyId}`);
