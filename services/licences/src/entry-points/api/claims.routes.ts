import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { decideClaim } from '../../domain/claims/decide-claim.use-case';
import { fileClaim } from '../../domain/claims/file-claim.use-case';
import { getClaim, listClaims } from '../../domain/claims/list-claims.use-case';
import { actorOf } from './actor.middleware';

/** Claims on licence numbers (/licences/claims): mounted before /licences/:id, which would take them. */
export function claimRoutes(db: Db, { outbox }: { outbox: OutboxNotifier }): Router {
  const router = Router();
  router.get('/licences/claims', async (req, res) => {
    res.json(await listClaims({ db, actor: actorOf(req), query: req.query }));
  });
  router.post('/licences/claims', async (req, res) => {
    const claim = await fileClaim({ db, actor: actorOf(req), input: req.body });
    res.status(201).location(`/api/v1/licences/claims/${claim.id}`).json(claim);
  });
  router.get('/licences/claims/:id', async (req, res) => {
    res.json(await getClaim({ db, actor: actorOf(req), claimId: req.params.id }));
  });
  router.post('/licences/claims/:id/decision', async (req, res) => {
    res.json(await decideClaim({ db, outbox, actor: actorOf(req), claimId: req.params.id, input: req.body }));
  });
  router.use(methodNotAllowed(router));
  return router;
}
