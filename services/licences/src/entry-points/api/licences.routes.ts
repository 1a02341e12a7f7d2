import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { getLicence } from '../../domain/registration/get-licence.use-case';
import { getLicenceHistory } from '../../domain/registration/get-licence-history.use-case';
import { etagOf } from '../../domain/licence/licence-view';
import { listLicencesPage } from '../../domain/listing/list-licences.use-case';
import { registerLicence } from '../../domain/registration/register-licence.use-case';
import { updateLicence } from '../../domain/registration/update-licence.use-case';
import { actorOf } from './actor.middleware';
import { idempotencyKeyOf } from './idempotency-key';

export function licenceRoutes(db: Db, options: { outbox: OutboxNotifier; exactTotalCap?: number }): Router {
  const { outbox, exactTotalCap } = options;
  const router = Router();

  router.get('/licences', async (req, res) => {
    res.json(await listLicencesPage({ db, actor: actorOf(req), query: req.query, exactTotalCap }));
  });

  router.post('/licences', async (req, res) => {
    const { licence, replayed } = await registerLicence({
      db,
      actor: actorOf(req),
      input: req.body,
      idempotencyKey: idempotencyKeyOf(req),
      outbox,
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res
      .status(201)
      .location(`/api/v1/licences/${licence.id}`)
      .setHeader('ETag', etagOf(licence, licence))
      .json(licence);
  });

  router.get('/licences/:id', async (req, res) => {
    const licence = await getLicence({ db, actor: actorOf(req), licenceId: req.params.id });
    const etag = etagOf(licence, licence);
    res.setHeader('ETag', etag);
    if (req.header('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.json(licence);
  });

  router.patch('/licences/:id', async (req, res) => {
    const licence = await updateLicence({
      db,
      outbox,
      actor: actorOf(req),
      licenceId: req.params.id,
      input: req.body,
      ifMatch: req.header('if-match'),
    });
    res.setHeader('ETag', etagOf(licence, licence)).json(licence);
  });

  router.get('/licences/:id/history', async (req, res) => {
    res.json(await getLicenceHistory({ db, actor: actorOf(req), licenceId: req.params.id }));
  });

  router.use(methodNotAllowed(router));
  return router;
}
