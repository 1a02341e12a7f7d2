import type { RequestHandler } from 'express';
import type { Role } from './page.types';
import { sendStatusPage } from './status-pages';
import { webLocals } from './web-context';

/**
 * Every path of an area belongs to one role (`/commission/**`): another role's session gets the
 * 403 page even for a path no page answers, so the area's map is not probed. Visitors without a
 * session go on (each page sends them to sign in).
 */
export function areaOf(role: Role): RequestHandler {
  return (_req, res, next) => {
    const { session } = webLocals(res);
    if (session && session.role !== role) return sendStatusPage(res, 403, { user: { name: session.name, role: session.role } });
    next();
  };
}
