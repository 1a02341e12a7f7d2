import type { Queryable } from './database';

export interface InvitationRecord {
  id: string;
  companyId: string;
  email: string;
  invitedBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

interface Row {
  id: string;
  company_id: string;
  email: string;
  invited_by: string;
  invited_by_name: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const SELECT = `SELECT i.id, i.company_id, i.email, i.invited_by, u.name AS invited_by_name, i.created_at,
    i.expires_at, i.accepted_at, i.revoked_at
  FROM company_invitations AS i LEFT JOIN users AS u ON u.id = i.invited_by`;

/** Open: neither accepted nor revoked (whether expired is the caller's `now` to say). */
const OPEN = 'i.accepted_at IS NULL AND i.revoked_at IS NULL';

const toInvitation = (r: Row): InvitationRecord => ({
  id: r.id,
  companyId: r.company_id,
  email: r.email,
  invitedBy: { id: r.invited_by, name: r.invited_by_name ?? '' },
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  acceptedAt: r.accepted_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export async function insertInvitation(
  db: Queryable,
  i: { id: string; companyId: string; email: string; invitedBy: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO company_invitations (id, company_id, email, invited_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [i.id, i.companyId, i.email, i.invitedBy, i.createdAt, i.expiresAt],
  );
}

export async function findInvitation(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE i.id = $1${options.forUpdate ? ' FOR UPDATE OF i' : ''}`,
    [id],
  );
  return rows[0] ? toInvitation(rows[0]) : undefined;
}

/** The company's invitations that can still be accepted, oldest first. */
export async function listOpenInvitations(
  db: Queryable,
  companyId: string,
  now: Date,
): Promise<InvitationRecord[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE i.company_id = $1 AND ${OPEN} AND i.expires_at > $2 ORDER BY i.created_at, i.id`,
    [companyId, now],
  );
  return rows.map(toInvitation);
}

export async function findOpenInvitationFor(
  db: Queryable,
  companyId: string,
  email: string,
  now: Date,
): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE i.company_id = $1 AND i.email = $2 AND ${OPEN} AND i.expires_at > $3 LIMIT 1`,
    [companyId, email, now],
  );
  return rows[0] ? toInvitation(rows[0]) : undefined;
}

/**
 * The invitation an address accepts by signing in: the oldest open, unexpired one (an address
 * may be invited by two companies before it joins either). Locked for the acceptance; SKIP
 * LOCKED so that a second concurrent request of the same user waits for nothing and finds none.
 */
export async function lockAcceptableInvitation(
  db: Queryable,
  email: string,
  now: Date,
): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE i.email = $1 AND ${OPEN} AND i.expires_at > $2
      ORDER BY i.created_at, i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED`,
    [email, now],
  );
  return rows[0] ? toInvitation(rows[0]) : undefined;
}

/** Whether an address has an open, unexpired invitation: the cheap check before the acceptance. */
export async function hasAcceptableInvitation(db: Queryable, email: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM company_invitations AS i WHERE i.email = $1 AND ${OPEN} AND i.expires_at > $2 LIMIT 1`,
    [email, now],
  );
  return rows.length > 0;
}

export async function markInvitationAccepted(
  db: Queryable,
  id: string,
  by: { userId: string; at: Date },
): Promise<void> {
  await db.query(`UPDATE company_invitations SET accepted_at = $2, accepted_by = $3 WHERE id = $1`, [
    id,
    by.at,
    by.userId,
  ]);
}

export async function markInvitationRevoked(
  db: Queryable,
  id: string,
  by: { userId: string; at: Date },
): Promise<void> {
  await db.query(`UPDATE company_invitations SET revoked_at = $2, revoked_by = $3 WHERE id = $1`, [
    id,
    by.at,
    by.userId,
  ]);
}
