import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { etagOf } from '../../domain/licence/licence-view';
import { reviewLicence } from '../../domain/licence/review-licence.use-case';
import { actorOf } from './actor.middleware';

/** POST /licences/:id/review: "this migrated licence is correct as displayed" (200 with the licence). */
export function licenceReviewRoutes(db: Db, options: { outbox: OutboxNotifier }): Router {
  const router = Router();
  router.post('/licences/:id/review', async (req, res) => {
    const { licence } = await reviewLicence({
      db,
      outbox: options.outbox,
      actor: actorOf(req),
      licenceId: req.params.id,
      input: req.body,
      ifMatch: req.header('if-match'),
    });
    res.setHeader('ETag', etagOf(licence, licence)).json(licence);
  });
  router.use(methodNotAllowed(router));
  return router;
}
