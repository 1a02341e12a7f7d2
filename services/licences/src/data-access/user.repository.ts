import type { CompanyRole } from '@lmp/contracts';
import { isUniqueViolation, PG_SERIALIZATION_FAILURE, type Queryable } from './database';

export interface UserRecord {
  id: string;
  subject: string;
  email: string;
  name: string;
  role: 'operator' | 'commission';
  companyId: string | null;
  /** The user's role in companyId; null without a company. */
  companyRole: CompanyRole | null;
}

export interface UserRow {
  id: string;
  subject: string;
  email: string;
  name: string;
  role: UserRecord['role'];
  company_id: string | null;
  company_role: CompanyRole | null;
}

export const USER_COLUMNS = 'id, subject, email, name, role, company_id, company_role';

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  subject: r.subject,
  email: r.email,
  name: r.name,
  role: r.role,
  companyId: r.company_id,
  companyRole: r.company_role,
});

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/**
 * Creates the user on first sign-in, or refreshes what EU Login says of them. Keyed by e-mail:
 * one e-mail address is one user. Never touches the membership (membership.repository.ts).
 */
export async function upsertUser(
  db: Queryable,
  user: Omit<UserRecord, 'companyId' | 'companyRole'>,
): Promise<UserRecord> {
  const upsert = () =>
    db.query<UserRow>(
      `INSERT INTO users (id, subject, email, name, role) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO UPDATE
         SET subject = EXCLUDED.subject, name = EXCLUDED.name, role = EXCLUDED.role, last_seen_at = now()
       RETURNING ${USER_COLUMNS}`,
      [user.id, user.subject, user.email, user.name, user.role],
    );
  try {
    return toUser((await upsert()).rows[0]!);
  } catch (error) {
    // A user's first requests, sent at once, insert the same new user together: the one that
    // loses may trip over the subject's unique index before the e-mail's conflict clause sees
    // the winner's row. The row exists now: the upsert, run again, updates it.
    if (!isUniqueViolation(error)) throw error;
    return toUser((await upsert()).rows[0]!);
  }
}

/**
 * Locks the user row and reads its membership, so concurrent first company saves make one
 * company and a membership change waits for a concurrent one.
 */
export async function lockUserMembership(
  db: Queryable,
  userId: string,
): Promise<Pick<UserRecord, 'companyId' | 'companyRole'>> {
  const { rows } = await db.query<Pick<UserRow, 'company_id' | 'company_role'>>(
    `SELECT company_id, company_role FROM users WHERE id = $1 FOR UPDATE`,
    [userId],
  );
  return { companyId: rows[0]?.company_id ?? null, companyRole: rows[0]?.company_role ?? null };
}

/** The user's membership as committed now, without a lock (the caller takes its locks in order next). */
export async function readUserMembership(
  db: Queryable,
  userId: string,
): Promise<Pick<UserRecord, 'companyId' | 'companyRole'>> {
  const { rows } = await db.query<Pick<UserRow, 'company_id' | 'company_role'>>(
    `SELECT company_id, company_role FROM users WHERE id = $1`,
    [userId],
  );
  return { companyId: rows[0]?.company_id ?? null, companyRole: rows[0]?.company_role ?? null };
}

/**
 * What a transaction throws when the membership it read changed before it could lock it: a
 * serialization failure, so withTransaction runs it again from the start (database.ts).
 */
export const membershipChanged = () =>
  Object.assign(new Error('the membership changed meanwhile'), { code: PG_SERIALIZATION_FAILURE });
