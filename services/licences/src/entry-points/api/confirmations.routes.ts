import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { listConfirmations } from '../../domain/confirmations/list-confirmations.use-case';
import { resolveConfirmation } from '../../domain/confirmations/resolve-confirmation.use-case';
import { etagOf } from '../../domain/licence/licence-view';
import { actorOf } from './actor.middleware';

export function confirmationRoutes(db: Db, { outbox }: { outbox: OutboxNotifier }): Router {
  const router = Router();
  router.get('/confirmations', async (req, res) => {
    res.json({ items: await listConfirmations({ db, actor: actorOf(req) }) });
  });
  router.post('/confirmations/:id', async (req, res) => {
    const { licence } = await resolveConfirmation({
      db,
      outbox,
      actor: actorOf(req),
      confirmationId: req.params.id,
      input: req.body,
    });
    res.setHeader('ETag', etagOf(licence, licence)).json(licence);
  });
  router.use(methodNotAllowed(router));
  return router;
}
