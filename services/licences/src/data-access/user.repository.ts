import type { Queryable } from './database';

export interface UserRecord {
  id: string;
  subject: string;
  email: string;
  name: string;
  role: 'operator' | 'commission';
  companyId: string | null;
}

interface UserRow {
  id: string;
  subject: string;
  email: string;
  name: string;
  role: UserRecord['role'];
  company_id: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  subject: r.subject,
  email: r.email,
  name: r.name,
  role: r.role,
  companyId: r.company_id,
});

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(
    `SELECT id, subject, email, name, role, company_id FROM users WHERE email = $1`,
    [email],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

/**
 * Creates the user on first sign-in, or refreshes what EU Login says of them. Keyed by e-mail:
 * one e-mail address is one user.
 */
export async function upsertUser(db: Queryable, user: Omit<UserRecord, 'companyId'>): Promise<UserRecord> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, subject, email, name, role) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO UPDATE
       SET subject = EXCLUDED.subject, name = EXCLUDED.name, role = EXCLUDED.role, last_seen_at = now()
     RETURNING id, subject, email, name, role, company_id`,
    [user.id, user.subject, user.email, user.name, user.role],
  );
  return toUser(rows[0]!);
}

export async function setUserCompany(db: Queryable, userId: string, companyId: string): Promise<void> {
  await db.query(`UPDATE users SET company_id = $2 WHERE id = $1`, [userId, companyId]);
}

/** Locks the user row and reads its company, so concurrent first company saves make one company. */
export async function lockUserCompany(db: Queryable, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ company_id: string | null }>(
    `SELECT company_id FROM users WHERE id = $1 FOR UPDATE`,
    [userId],
  );
  return rows[0]?.company_id ?? null;
}
