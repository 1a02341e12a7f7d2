import { AppError } from '@lmp/errors';
import { insertSession, insertSignInAttempt, takeSignInAttempt } from '../../data-access/session.repository';
import { hashOf, randomToken, safeReturnTo } from './session-ids';
import { SIGN_IN_ATTEMPT_TTL_MS, type SessionDeps } from './session-deps';

/**
 * Starts a sign-in: an authorisation request with PKCE, state and nonce. The verifier and nonce
 * stay on the server (found by the state's hash); the browser gets the state in a short-lived
 * cookie, so only the browser that started a sign-in can finish it.
 */
export async function beginSignIn(
  deps: SessionDeps,
  returnTo: unknown,
): Promise<{ authorizationUrl: URL; state: string }> {
  const request = await deps.euLogin.startSignIn();
  await insertSignInAttempt(deps.db, {
    stateHash: hashOf(request.state),
    codeVerifier: request.codeVerifier,
    nonce: request.nonce,
    returnTo: safeReturnTo(returnTo),
    expiresAt: new Date(Date.now() + SIGN_IN_ATTEMPT_TTL_MS),
  });
  return { authorizationUrl: request.url, state: request.state };
}

export type SignInOutcome =
  | { kind: 'signed-in'; sessionId: string; returnTo: string }
  | { kind: 'unavailable' };

/**
 * Finishes a sign-in: the state must match the browser's cookie and an unused attempt; the code is
 * exchanged (PKCE verifier, nonce and issuer checked by openid-client); a new session is created
 * with a new id (never one the browser brought: no session fixation).
 */
export async function completeSignIn(
  deps: SessionDeps,
  input: { callbackUrl: URL; stateCookie: string | undefined },
): Promise<SignInOutcome> {
  const state = input.callbackUrl.searchParams.get('state');
  if (!state || !input.stateCookie || state !== input.stateCookie) {
    throw new AppError('WEB.SIGN_IN_FAILED', 'The sign-in did not start in this browser, or it was already used');
  }
  const attempt = await takeSignInAttempt(deps.db, hashOf(state));
  if (!attempt) throw new AppError('WEB.SIGN_IN_FAILED', 'The sign-in took too long or was already used');
  const error = input.callbackUrl.searchParams.get('error');
  if (error) throw new AppError('WEB.SIGN_IN_FAILED', `EU Login did not sign you in (${error})`);
  let tokens;
  try {
    tokens = await deps.euLogin.completeSignIn(input.callbackUrl, {
      state,
      nonce: attempt.nonce,
      codeVerifier: attempt.codeVerifier,
    });
  } catch (cause) {
    throw new AppError('WEB.SIGN_IN_FAILED', 'EU Login did not confirm the sign-in', { cause });
  }
  const person = await deps.whoAmI(tokens.accessToken);
  if (!person) return { kind: 'unavailable' };
  const sessionId = randomToken();
  const now = new Date();
  await insertSession(deps.db, {
    idHash: hashOf(sessionId),
    sub: tokens.claims?.sub ?? '',
    email: person.email,
    name: person.name,
    role: person.role,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshToken: tokens.refreshToken,
    idToken: tokens.idToken,
    csrfToken: randomToken(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.sessionTtlMs),
  });
  return { kind: 'signed-in', sessionId, returnTo: attempt.returnTo };
}
