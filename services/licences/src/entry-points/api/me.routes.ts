import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { getMe } from '../../domain/identity/get-me.use-case';
import { saveCompany } from '../../domain/identity/save-company.use-case';
import { actorOf } from './actor.middleware';

export function meRoutes(db: Db, { outbox }: { outbox: OutboxNotifier }): Router {
  const router = Router();
  router.get('/me', async (req, res) => {
    res.json(await getMe({ db, actor: actorOf(req) }));
  });
  router.put('/me/company', async (req, res) => {
    const { company, created } = await saveCompany({ db, outbox, actor: actorOf(req), input: req.body });
    res.status(created ? 201 : 200).json(company);
  });
  router.use(methodNotAllowed(router));
  return router;
}
