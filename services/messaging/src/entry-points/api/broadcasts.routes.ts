import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { listBroadcasts } from '../../domain/broadcasts/list-broadcasts.use-case';
import { sendBroadcast, type BroadcastDeps } from '../../domain/broadcasts/send-broadcast.use-case';
import { callerFrom, idempotencyKeyOf } from './caller.middleware';
import { commissionOnly } from './commission-only.middleware';

/** GET/POST /messages/broadcasts (the Commission's). */
export function broadcastRoutes(deps: BroadcastDeps): Router {
  const { db } = deps;
  const router = Router();
  router.get('/messages/broadcasts', commissionOnly, async (req, res) => {
    res.json(await listBroadcasts(db, req.query));
  });
  router.post('/messages/broadcasts', commissionOnly, async (req, res) => {
    const { created, result } = await sendBroadcast(
      deps,
      await callerFrom(db, req),
      req.body,
      idempotencyKeyOf(req),
    );
    res.status(created ? 201 : 200).json(result);
  });
  router.use(methodNotAllowed(router));
  return router;
}
