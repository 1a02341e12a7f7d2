import type { Queryable } from '@lmp/service';
import type { Session, SignInAttempt } from '../domain/sessions/session.types';

const SESSION_COLUMNS = `id_hash AS "idHash", sub, email, name, role, access_token AS "accessToken",
  access_token_expires_at AS "accessTokenExpiresAt", refresh_token AS "refreshToken", id_token AS "idToken",
  csrf_token AS "csrfToken", created_at AS "createdAt", expires_at AS "expiresAt"`;

export async function insertSession(db: Queryable, session: Session): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id_hash, sub, email, name, role, access_token, access_token_expires_at,
       refresh_token, id_token, csrf_token, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      session.idHash,
      session.sub,
      session.email,
      session.name,
      session.role,
      session.accessToken,
      session.accessTokenExpiresAt,
      session.refreshToken,
      session.idToken,
      session.csrfToken,
      session.createdAt,
      session.expiresAt,
    ],
  );
}

/** A session that has not reached its absolute end. */
export async function findLiveSession(db: Queryable, idHash: string): Promise<Session | null> {
  const { rows } = await db.query<Session>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = $1 AND expires_at > now()`,
    [idHash],
  );
  return rows[0] ?? null;
}

export async function updateSessionTokens(
  db: Queryable,
  idHash: string,
  tokens: Pick<Session, 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken' | 'idToken'>,
): Promise<void> {
  await db.query(
    `UPDATE sessions SET access_token = $2, access_token_expires_at = $3,
       refresh_token = COALESCE($4, refresh_token), id_token = COALESCE($5, id_token), last_seen_at = now()
     WHERE id_hash = $1`,
    [idHash, tokens.accessToken, tokens.accessTokenExpiresAt, tokens.refreshToken, tokens.idToken],
  );
}

export async function deleteSession(db: Queryable, idHash: string): Promise<Session | null> {
  const { rows } = await db.query<Session>(`DELETE FROM sessions WHERE id_hash = $1 RETURNING ${SESSION_COLUMNS}`, [
    idHash,
  ]);
  return rows[0] ?? null;
}

export async function insertSignInAttempt(db: Queryable, attempt: SignInAttempt): Promise<void> {
  await db.query(
    `INSERT INTO sign_in_attempts (state_hash, code_verifier, nonce, return_to, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [attempt.stateHash, attempt.codeVerifier, attempt.nonce, attempt.returnTo, attempt.expiresAt],
  );
}

/** Takes the attempt out (one use only), if it has not expired. */
export async function takeSignInAttempt(db: Queryable, stateHash: string): Promise<SignInAttempt | null> {
  const { rows } = await db.query<SignInAttempt>(
    `DELETE FROM sign_in_attempts WHERE state_hash = $1
     RETURNING state_hash AS "stateHash", code_verifier AS "codeVerifier", nonce, return_to AS "returnTo",
       expires_at AS "expiresAt"`,
    [stateHash],
  );
  const attempt = rows[0];
  return attempt && attempt.expiresAt.getTime() > Date.now() ? attempt : null;
}

/** Housekeeping: ended sessions and abandoned sign-ins. */
export async function deleteExpired(db: Queryable): Promise<number> {
  const sessions = await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  const attempts = await db.query('DELETE FROM sign_in_attempts WHERE expires_at <= now()');
  return (sessions.rowCount ?? 0) + (attempts.rowCount ?? 0);
}
