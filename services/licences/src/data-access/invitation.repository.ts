import type { CompanyRole } from '@lmp/contracts';
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
 * Acceptable: open, unexpired, and its inviter is still an admin of the inviting company. An
 * admin who is removed or demoted has their open invitations revoked in the same transaction
 * (revokeInvitationsOf); this condition is the defence in depth behind it.
 */
const ACCEPTABLE = `${OPEN} AND i.expires_at > $2 AND EXISTS (
    SELECT 1 FROM users AS inviter
     WHERE inviter.id = i.invited_by AND inviter.company_id = i.company_id AND inviter.company_role = 'admin')`;

/**
 * The invitation an address would accept by signing in: the oldest acceptable one (an address
 * may be invited by two companies before it joins either). Not locked: the acceptance locks its
 * company first, then the user, then the invitation (lockAcceptableInvitation), the service's
 * one lock order.
 */
export async function findAcceptableInvitation(
  db: Queryable,
  email: string,
  now: Date,
): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE i.email = $1 AND ${ACCEPTABLE} ORDER BY i.created_at, i.id LIMIT 1`,
    [email, now],
  );
  return rows[0] ? toInvitation(rows[0]) : undefined;
}

/** Locks one invitation and answers it only if it is still acceptable (the caller holds its company's lock). */
export async function lockAcceptableInvitation(
  db: Queryable,
  id: string,
  email: string,
  now: Date,
): Promise<InvitationRecord | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE i.email = $1 AND ${ACCEPTABLE} AND i.id = $3 FOR UPDATE OF i`,
    [email, now, id],
  );
  return rows[0] ? toInvitation(rows[0]) : undefined;
}

/**
 * The cheap check before an acceptance, in one statement (one snapshot): the user's membership
 * as it is now, and whether an acceptable invitation waits for their address. A concurrent
 * request that accepted the invitation already shows here as the membership.
 */
export async function membershipOrInvitation(
  db: Queryable,
  user: { id: string; email: string },
  now: Date,
): Promise<{ companyId: string | null; companyRole: CompanyRole | null; invited: boolean }> {
  const { rows } = await db.query<{
    company_id: string | null;
    company_role: CompanyRole | null;
    invited: boolean;
  }>(
    `SELECT u.company_id, u.company_role,
            EXISTS (SELECT 1 FROM company_invitations AS i WHERE i.email = $1 AND ${ACCEPTABLE}) AS invited
       FROM users AS u WHERE u.id = $3`,
    [user.email, now, user.id],
  );
  const row = rows[0];
  return {
    companyId: row?.company_id ?? null,
    companyRole: row?.company_role ?? null,
    invited: !!row?.invited,
  };
}

/**
 * Revokes every open invitation a member sent, when they are removed or stop being an admin:
 * inside that change's transaction, which holds the company's lock.
 */
export async function revokeInvitationsOf(
  db: Queryable,
  companyId: string,
  inviterId: string,
  by: { userId: string; at: Date },
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE company_invitations AS i SET revoked_at = $3, revoked_by = $4
      WHERE i.company_id = $1 AND i.invited_by = $2 AND ${OPEN}`,
    [companyId, inviterId, by.at, by.userId],
  );
  return rowCount ?? 0;
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
