import type { CompanyMember, CompanyRole } from '@lmp/contracts';
import type { Queryable } from './database';

/**
 * The one writer of a user's membership (users.company_id, company_role, joined_company_at):
 * the three are set together and cleared together.
 */

export interface MembershipRow {
  userId: string;
  email: string;
  name: string;
  companyId: string;
  role: CompanyRole;
  joinedAt: string;
}

interface Row {
  id: string;
  email: string;
  name: string;
  company_id: string;
  company_role: CompanyRole;
  joined_company_at: Date;
}

const COLUMNS = 'id, email, name, company_id, company_role, joined_company_at';

const toMembership = (r: Row): MembershipRow => ({
  userId: r.id,
  email: r.email,
  name: r.name,
  companyId: r.company_id,
  role: r.company_role,
  joinedAt: r.joined_company_at.toISOString(),
});

/** Makes a company-less user a member; undefined when the user already belongs to a company. */
export async function insertMembership(
  db: Queryable,
  m: { userId: string; companyId: string; role: CompanyRole; joinedAt: Date },
): Promise<MembershipRow | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE users SET company_id = $2, company_role = $3, joined_company_at = $4
      WHERE id = $1 AND company_id IS NULL RETURNING ${COLUMNS}`,
    [m.userId, m.companyId, m.role, m.joinedAt],
  );
  return rows[0] ? toMembership(rows[0]) : undefined;
}

export async function deleteMembership(
  db: Queryable,
  companyId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE users AS u SET company_id = NULL, company_role = NULL, joined_company_at = NULL
       FROM users AS before
      WHERE u.id = $2 AND u.company_id = $1 AND before.id = u.id
      RETURNING before.id, before.email, before.name, before.company_id, before.company_role, before.joined_company_at`,
    [companyId, userId],
  );
  return rows[0] ? toMembership(rows[0]) : undefined;
}

export async function updateMembershipRole(
  db: Queryable,
  companyId: string,
  userId: string,
  role: CompanyRole,
): Promise<MembershipRow | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE users SET company_role = $3 WHERE id = $2 AND company_id = $1 RETURNING ${COLUMNS}`,
    [companyId, userId, role],
  );
  return rows[0] ? toMembership(rows[0]) : undefined;
}

export async function findMembership(
  db: Queryable,
  companyId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM users WHERE id = $2 AND company_id = $1`, [
    companyId,
    userId,
  ]);
  return rows[0] ? toMembership(rows[0]) : undefined;
}

/** Earliest first: the company's first user heads the list. */
export async function listMembers(db: Queryable, companyId: string): Promise<CompanyMember[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM users WHERE company_id = $1 ORDER BY joined_company_at, id`,
    [companyId],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.company_role,
    joinedAt: r.joined_company_at.toISOString(),
  }));
}

/**
 * Locks the company row: every change of a company's members takes it first, so two admins
 * demoting or removing each other at once cannot leave the company without an admin.
 */
export async function lockCompanyMembers(db: Queryable, companyId: string): Promise<void> {
  await db.query(`SELECT 1 FROM companies WHERE id = $1 FOR UPDATE`, [companyId]);
}

export async function countAdmins(db: Queryable, companyId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE company_id = $1 AND company_role = 'admin'`,
    [companyId],
  );
  return rows[0]!.n;
}

/** Every membership, in user id order, a page at a time (the backfill). */
export async function listMembershipsAfter(
  db: Queryable,
  afterUserId: string | null,
  limit: number,
): Promise<MembershipRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM users WHERE company_id IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid)
      ORDER BY id LIMIT $2`,
    [afterUserId, limit],
  );
  return rows.map(toMembership);
}
