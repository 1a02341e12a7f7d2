import { Router, type Request } from 'express';
import { AppError } from '@lmp/errors';
import { methodNotAllowed } from '@lmp/http';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from '../../app/cookies';
import { sendStatusPage } from '../../app/status-pages';
import { webLocals, type WebDeps } from '../../app/web-context';
import { signOut } from '../../domain/sessions/current-session.use-case';
import { deleteSession } from '../../data-access/session.repository';
import { hashOf, sameToken } from '../../domain/sessions/session-ids';
import { SIGN_IN_ATTEMPT_TTL_MS } from '../../domain/sessions/session-deps';
import { beginSignIn, completeSignIn } from '../../domain/sessions/sign-in.use-case';

/**
 * EU Login sign-in (authorisation code flow with PKCE), its callback, and sign-out (which ends
 * the session here and then at EU Login's end-session endpoint).
 */
export function authRoutes(deps: WebDeps, options: { publicUrl: string }): Router {
  const router = Router();
  const secure = deps.secureCookies;
  const signInCookie = { secure, path: '/auth' };

  router.get('/auth/login', async (req, res, next) => {
    try {
      let started;
      try {
        started = await beginSignIn(deps.sessions, req.query.returnTo);
      } catch (error) {
        deps.logger.warn({ reason: (error as Error).message }, 'EU Login is not reachable');
        return sendStatusPage(res, 503, {
          title: 'Sign-in is not available right now',
          lead: 'EU Login could not be reached. Try again in a few minutes.',
        });
      }
      setCookie(res, SIGN_IN_COOKIE, started.state, { ...signInCookie, maxAge: SIGN_IN_ATTEMPT_TTL_MS / 1000 });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, started.authorizationUrl.href);
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    try {
      const callbackUrl = new URL(req.originalUrl, options.publicUrl);
      clearCookie(res, SIGN_IN_COOKIE, signInCookie);
      let outcome;
      try {
        outcome = await completeSignIn(deps.sessions, {
          callbackUrl,
          stateCookie: readCookie(req, SIGN_IN_COOKIE),
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'WEB.SIGN_IN_FAILED') throw error;
        deps.logger.warn({ reason: error.message, cause: (error.cause as Error)?.message }, 'sign-in refused');
        return sendStatusPage(res, 400, {
          title: 'The sign-in could not be completed',
          lead: `${error.message}. Sign in again from the home page.`,
        });
      }
      if (outcome.kind === 'unavailable') {
        return sendStatusPage(res, 503, {
          lead: 'You are signed in at EU Login, but the platform could not be reached. Try again in a few minutes.',
        });
      }
      // A new id at every sign-in: whatever session the browser had before ends here.
      await signOutQuietly(deps, readCookie(req, SESSION_COOKIE));
      setCookie(res, SESSION_COOKIE, outcome.sessionId, { secure, maxAge: deps.sessions.sessionTtlMs / 1000 });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, outcome.returnTo);
    } catch (error) {
      next(error);
    }
  });

  router.post('/auth/logout', async (req, res, next) => {
    try {
      const { session, sessionId } = webLocals(res);
      if (session) {
        const form = new URLSearchParams(await readSmallBody(req));
        if (!sameToken(form.get('_csrf') ?? undefined, session.csrfToken)) {
          return sendStatusPage(res, 403, {
            user: { name: session.name, role: session.role },
            title: 'The form has expired',
            lead: 'Reload the page and sign out again.',
          });
        }
      }
      const endSession = await signOut(deps.sessions, sessionId);
      clearCookie(res, SESSION_COOKIE, { secure });
      res.redirect(303, endSession?.href ?? '/');
    } catch (error) {
      next(error);
    }
  });

  router.use(methodNotAllowed(router));
  return router;
}

async function signOutQuietly(deps: WebDeps, sessionId: string | undefined): Promise<void> {
  if (sessionId) await deleteSession(deps.sessions.db, hashOf(sessionId));
}

async function readSmallBody(req: Request): Promise<string> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > 10_000) break;
  }
  return body;
}
