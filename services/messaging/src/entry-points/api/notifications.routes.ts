import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { getPreferences, putPreferences } from '../../domain/notifications/preferences.use-case';
import { callerFrom } from './caller.middleware';

/** GET/PUT /me/notifications: the caller's own e-mail preferences. */
export function notificationRoutes(db: Db): Router {
  const router = Router();
  router.get('/me/notifications', async (req, res) => {
    res.json(await getPreferences(db, await callerFrom(db, req)));
  });
  router.put('/me/notifications', async (req, res) => {
    res.json(await putPreferences(db, await callerFrom(db, req), req.body));
  });
  router.use(methodNotAllowed(router));
  return router;
}
