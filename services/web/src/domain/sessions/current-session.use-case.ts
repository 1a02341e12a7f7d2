import { deleteSession, findLiveSession, updateSessionTokens } from '../../data-access/session.repository';
import { hashOf } from './session-ids';
import { TOKEN_EXPIRY_MARGIN_MS, type SessionDeps } from './session-deps';
import type { Session } from './session.types';

/** The session the cookie names, if it is still live. */
export async function findSession(deps: SessionDeps, sessionId: string | undefined): Promise<Session | null> {
  if (!sessionId || sessionId.length > 100) return null;
  return findLiveSession(deps.db, hashOf(sessionId));
}

/**
 * A session whose access token is good for the next calls: as it is, refreshed with the refresh
 * token, or null when neither works (the caller starts a new sign-in that returns to the page).
 */
export async function withFreshToken(
  deps: SessionDeps,
  session: Session,
  { force = false }: { force?: boolean } = {},
): Promise<Session | null> {
  if (!force && session.accessTokenExpiresAt.getTime() - TOKEN_EXPIRY_MARGIN_MS > Date.now()) return session;
  if (!session.refreshToken) return null;
  try {
    const tokens = await deps.euLogin.refresh(session.refreshToken);
    await updateSessionTokens(deps.db, session.idHash, tokens);
    return {
      ...session,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshToken: tokens.refreshToken ?? session.refreshToken,
      idToken: tokens.idToken ?? session.idToken,
    };
  } catch {
    return null;
  }
}

/** Ends the session here; answers where to send the browser to end it at EU Login too. */
export async function signOut(deps: SessionDeps, sessionId: string | undefined): Promise<URL | null> {
  const session = sessionId ? await deleteSession(deps.db, hashOf(sessionId)) : null;
  try {
    return await deps.euLogin.endSessionUrl(session?.idToken ?? null);
  } catch {
    return null; // the issuer is down: the session here has ended all the same
  }
}
