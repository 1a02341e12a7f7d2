import type { Membership } from '../domain/projection/projection.types';
import type { Queryable } from './database';

/**
 * A member while joined after leaving (or never left): joining and leaving keep their latest
 * instant each, so the two events applied in either order give the same answer.
 */
/** A recipients row `r` that is a current member (used by the digest items too). */
export const MEMBER = '(r.left_at IS NULL OR r.joined_at > r.left_at)';

export async function saveJoined(tx: Queryable, m: Membership & { joinedAt: string }): Promise<void> {
  await tx.query(
    `INSERT INTO recipients (company_id, user_id, email, email_key, name, role, joined_at)
     VALUES ($1, $2, $3, lower($3), $4, $5, $6)
     ON CONFLICT (company_id, user_id) DO UPDATE SET
       email = EXCLUDED.email, email_key = EXCLUDED.email_key, name = EXCLUDED.name, role = EXCLUDED.role,
       joined_at = GREATEST(recipients.joined_at, EXCLUDED.joined_at)`,
    [m.companyId, m.userId, m.email, m.name, m.role, m.joinedAt],
  );
}

export async function saveLeft(
  tx: Queryable,
  m: { companyId: string; userId: string; email: string; leftAt: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO recipients (company_id, user_id, email, email_key, name, role, left_at)
     VALUES ($1, $2, $3, lower($3), '', 'member', $4)
     ON CONFLICT (company_id, user_id) DO UPDATE SET
       left_at = GREATEST(recipients.left_at, EXCLUDED.left_at)`,
    [m.companyId, m.userId, m.email, m.leftAt],
  );
}

/** The company the user with this address belongs to now (one address = one user = one company). */
export async function companyOfEmail(db: Queryable, email: string): Promise<string | undefined> {
  const { rows } = await db.query<{ company_id: string }>(
    `SELECT r.company_id FROM recipients r WHERE r.email_key = lower($1) AND ${MEMBER}
      ORDER BY r.joined_at DESC NULLS LAST LIMIT 1`,
    [email],
  );
  return rows[0]?.company_id;
}

export interface Recipient {
  companyId: string;
  email: string;
  emailKey: string;
  name: string;
  newMessage: 'immediate' | 'daily' | 'off';
  transmissionDigest: boolean;
  staleReminder: boolean;
}

/** The current members of these companies with their preferences (defaults where none are set). */
export async function recipientsOf(db: Queryable, companyIds: string[]): Promise<Recipient[]> {
  if (companyIds.length === 0) return [];
  const { rows } = await db.query<{
    company_id: string;
    email: string;
    email_key: string;
    name: string;
    new_message: Recipient['newMessage'] | null;
    transmission_digest: boolean | null;
    stale_reminder: boolean | null;
  }>(
    `SELECT r.company_id, r.email, r.email_key, r.name, p.new_message, p.transmission_digest, p.stale_reminder
       FROM recipients r LEFT JOIN notification_preferences p ON p.email_key = r.email_key
      WHERE r.company_id = ANY($1::uuid[]) AND ${MEMBER}
      ORDER BY r.company_id, r.email_key`,
    [companyIds],
  );
  return rows.map((r) => ({
    companyId: r.company_id,
    email: r.email,
    emailKey: r.email_key,
    name: r.name,
    newMessage: r.new_message ?? 'immediate',
    transmissionDigest: r.transmission_digest ?? true,
    staleReminder: r.stale_reminder ?? true,
  }));
}

/** Address and name of each user key (any company row of theirs), with their current preference for new messages. */
export async function usersByKey(
  db: Queryable,
  emailKeys: string[],
): Promise<Map<string, { email: string; name: string; newMessage: Recipient['newMessage'] }>> {
  if (emailKeys.length === 0) return new Map();
  const { rows } = await db.query<{
    email_key: string;
    email: string;
    name: string;
    new_message: Recipient['newMessage'] | null;
  }>(
    `SELECT DISTINCT ON (r.email_key) r.email_key, r.email, r.name, p.new_message
       FROM recipients r LEFT JOIN notification_preferences p ON p.email_key = r.email_key
      WHERE r.email_key = ANY($1::text[]) ORDER BY r.email_key, r.joined_at DESC NULLS LAST`,
    [emailKeys],
  );
  return new Map(
    rows.map((r) => [
      r.email_key,
      { email: r.email, name: r.name, newMessage: r.new_message ?? 'immediate' },
    ]),
  );
}

/** True when this address joined this company at or after `since` (an invitation already accepted). */
export async function joinedSince(
  db: Queryable,
  m: { companyId: string; email: string; since: string },
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM recipients WHERE company_id = $1 AND email_key = lower($2) AND joined_at >= $3`,
    [m.companyId, m.email, m.since],
  );
  return rows.length > 0;
}
