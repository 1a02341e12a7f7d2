import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { requireIdentity, type IdentityVerifier } from '@lmp/auth';
import { jsonBody } from '@lmp/http';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import type { Clock } from '../../domain/clock';
import type { Schedule } from '../../domain/schedule/schedule';
import { batchRoutes } from './batches.routes';
import { commissionOnly } from './commission-only.middleware';
import { feedbackRoutes } from './feedback.routes';
import { scheduleRoutes } from './schedule.routes';

export interface ApiDeps {
  db: Db;
  verifyIdentity: IdentityVerifier;
  schedule: Schedule;
  clock: Clock;
  autoDispatch: boolean;
  logger: Logger;
  /** Call `written()` after a commit that wrote events. */
  outbox: OutboxNotifier;
  /** Starts the send of a batch a request moved to dispatching (the dispatcher job). */
  wakeDispatcher: () => void;
}

/** The transmissions service's HTTP API (the gateway's /api/v1/transmissions routes). */
export function apiRoutes({
  db,
  verifyIdentity,
  schedule,
  clock,
  autoDispatch,
  logger,
  outbox,
  wakeDispatcher,
}: ApiDeps): Router {
  const api = Router();
  // Feedback takes JSON rows or a raw CSV/XLSX file: mounted before the JSON parser refuses a file.
  api.use(feedbackRoutes({ db, outbox, clock, verifyIdentity }));
  api.use(jsonBody());
  api.use(requireIdentity(verifyIdentity), commissionOnly);
  api.use(
    scheduleRoutes(db, { schedule, clock, autoDispatch }),
    batchRoutes(db, { schedule, clock, logger, wakeDispatcher }),
  );
  return Router().use('/api/v1', api);
}
