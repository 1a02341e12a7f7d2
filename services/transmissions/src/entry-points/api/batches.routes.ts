import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import { cancelBatch } from '../../domain/batches/cancel-batch.use-case';
import { createBatch } from '../../domain/batches/create-batch.use-case';
import { excludeBatchItem } from '../../domain/batches/exclude-batch-item.use-case';
import { getBatchFile } from '../../domain/batches/get-batch-file.use-case';
import { getBatch } from '../../domain/batches/get-batch.use-case';
import { listBatchItems } from '../../domain/batches/list-batch-items.use-case';
import { listBatches } from '../../domain/batches/list-batches.use-case';
import type { Clock } from '../../domain/clock';
import { requestDispatch } from '../../domain/dispatch/request-dispatch.use-case';
import type { Schedule } from '../../domain/schedule/schedule';

export function batchRoutes(
  db: Db,
  {
    schedule,
    clock,
    logger,
    wakeDispatcher,
  }: { schedule: Schedule; clock: Clock; logger: Logger; wakeDispatcher: () => void },
): Router {
  const router = Router();

  router.get('/transmissions/batches', async (req, res) => {
    res.json(await listBatches({ db, query: req.query }));
  });

  router.post('/transmissions/batches', async (req, res) => {
    const batch = await createBatch({ db, schedule, clock, input: req.body });
    res.status(201).location(`/api/v1/transmissions/batches/${batch.id}`).json(batch);
  });

  router.get('/transmissions/batches/:id', async (req, res) => {
    res.json(await getBatch({ db, batchId: req.params.id }));
  });

  router.get('/transmissions/batches/:id/items', async (req, res) => {
    res.json(await listBatchItems({ db, batchId: req.params.id, query: req.query }));
  });

  router.get('/transmissions/batches/:id/file', async (req, res) => {
    const file = await getBatchFile({ db, batchId: req.params.id, query: req.query });
    res.status(200).type(file.contentType).attachment(file.fileName);
    try {
      await file.writeTo(res);
    } catch (error) {
      if (!res.headersSent) throw error;
      // Part of the file is out: no problem+json can follow. The client sees a cut-off transfer
      // (no final chunk), never a file that looks complete.
      logger.warn({ err: error, batchId: req.params.id }, 'batch file download stopped part-way');
      res.destroy(error as Error);
    }
  });

  router.post('/transmissions/batches/:id/items/:licenceId/exclude', async (req, res) => {
    res.json(
      await excludeBatchItem({
        db,
        batchId: req.params.id,
        licenceId: req.params.licenceId,
        input: req.body,
      }),
    );
  });

  router.post('/transmissions/batches/:id/cancel', async (req, res) => {
    res.json(await cancelBatch({ db, batchId: req.params.id }));
  });

  // 202: the batch is `dispatching` (committed), and the dispatcher job sends it and records it.
  // The request does not wait for the e-mail: SMTP retries can take minutes, and a send that a
  // crash interrupts is finished by the job after a restart, which a waiting request could not be.
  // Poll GET /transmissions/batches/{id} for dispatched, or failed with dispatch.lastError.
  router.post('/transmissions/batches/:id/dispatch', async (req, res) => {
    const batch = await requestDispatch({ db, batchId: req.params.id });
    wakeDispatcher();
    res.status(202).location(`/api/v1/transmissions/batches/${batch.id}`).json(batch);
  });

  router.use(methodNotAllowed(router)); // a known path with another method: 405 with Allow
  return router;
}
