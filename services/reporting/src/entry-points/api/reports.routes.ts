import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import type { Clock } from '../../domain/clock';
import type { ReportIndex } from '../../domain/reports/licence-index';
import { exportLicences } from '../../domain/export/export-licences.use-case';
import { getBreakdown } from '../../domain/reports/get-breakdown.use-case';
import { getShareable } from '../../domain/reports/get-shareable.use-case';
import { getSummary } from '../../domain/reports/get-summary.use-case';
import { getTimeline } from '../../domain/reports/get-timeline.use-case';
import { listDiscrepancies } from '../../domain/reports/list-discrepancies.use-case';
import { listExporters } from '../../domain/reports/list-exporters.use-case';
import { listStale } from '../../domain/reports/list-stale.use-case';

export function reportRoutes(
  db: Db,
  { reports, clock, logger }: { reports: ReportIndex; clock: Clock; logger: Logger },
): Router {
  const router = Router();

  router.get('/reports/summary', async (req, res) => {
    res.json(await getSummary({ db, reports, clock, query: req.query }));
  });
  router.get('/reports/breakdown', async (req, res) => {
    res.json(await getBreakdown({ reports, clock, query: req.query }));
  });
  router.get('/reports/timeline', async (req, res) => {
    res.json(await getTimeline({ reports, query: req.query }));
  });
  router.get('/reports/exporters', async (req, res) => {
    res.json(await listExporters({ reports, query: req.query }));
  });
  router.get('/reports/stale', async (req, res) => {
    res.json(await listStale({ db, clock, query: req.query }));
  });
  router.get('/reports/discrepancies', async (req, res) => {
    res.json(await listDiscrepancies({ db, query: req.query }));
  });
  router.get('/reports/shareable', async (req, res) => {
    res.json(await getShareable({ reports, query: req.query }));
  });

  router.get('/reports/export', async (req, res) => {
    const file = await exportLicences({ db, query: req.query, now: clock() });
    res.status(200).type(file.contentType).attachment(file.fileName);
    try {
      await file.writeTo(res);
    } catch (error) {
      if (!res.headersSent) throw error;
      // Part of the file is out: no problem+json can follow. The client sees a cut-off transfer
      // (no final chunk), never a file that looks complete.
      logger.warn({ err: error }, 'licence export stopped part-way');
      res.destroy(error as Error);
    }
  });

  router.use(methodNotAllowed(router)); // a known path with another method: 405 with Allow
  return router;
}
