import type { RequestHandler, Response } from 'express';
import type { Logger } from '@lmp/logger';
import { findSession } from '../domain/sessions/current-session.use-case';
import type { SessionDeps } from '../domain/sessions/session-deps';
import type { Session } from '../domain/sessions/session.types';
import { readCookie, SESSION_COOKIE } from './cookies';

export interface WebDeps {
  sessions: SessionDeps;
  gatewayUrl: string;
  secureCookies: boolean;
  logger: Logger;
}

/** What every request carries after `loadSession`: the deps and the signed-in session, if any. */
export interface WebLocals {
  deps: WebDeps;
  session: Session | null;
  sessionId: string | undefined;
}

export function webLocals(res: Response): WebLocals {
  const locals = res.locals.web as WebLocals | undefined;
  if (!locals) throw new Error('loadSession must run before the pages');
  return locals;
}

/** Finds the session the cookie names (one indexed read of a hash) and keeps it for the request. */
export function loadSession(deps: WebDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const sessionId = readCookie(req, SESSION_COOKIE);
      const session = await findSession(deps.sessions, sessionId);
      res.locals.web = { deps, session, sessionId: session ? sessionId : undefined } satisfies WebLocals;
      next();
    } catch (error) {
      next(error);
    }
  };
}
