import { Router } from 'express';
import type { Db } from '../../data-access/database';
import { listConfirmations, resolveConfirmation } from '../../domain/confirmations.use-case';
import { etagOf } from '../../domain/licence-view';
import { actorOf } from './actor.middleware';

export function confirmationRoutes(db: Db): Router {
  const router = Router();
  router.get('/confirmations', async (req, res) => {
    res.json({ items: await listConfirmations({ db, actor: actorOf(req) }) });
  });
  router.post('/confirmations/:id', async (req, res) => {
    const { licence } = await resolveConfirmation({
      db,
      actor: actorOf(req),
      confirmationId: req.params.id,
      input: req.body,
    });
    res.setHeader('ETag', etagOf(licence, licence)).json(licence);
  });
  return router;
}
