import { Router } from 'express';
import { requireIdentity, type IdentityVerifier } from '@lmp/auth';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import type { Clock } from '../../domain/clock';
import type { ReportIndex } from '../../domain/reports/licence-index';
import { commissionOnly } from './commission-only.middleware';
import { reportRoutes } from './reports.routes';

export interface ApiDeps {
  db: Db;
  reports: ReportIndex;
  verifyIdentity: IdentityVerifier;
  clock: Clock;
  logger: Logger;
}

/** The reporting service's HTTP API (the gateway's /api/v1/reports routes): Commission only. */
export function apiRoutes({ db, reports, verifyIdentity, clock, logger }: ApiDeps): Router {
  const api = Router();
  api.use(requireIdentity(verifyIdentity), commissionOnly);
  api.use(reportRoutes(db, { reports, clock, logger }));
  return Router().use('/api/v1', api);
}
