import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import type { Clock } from '../../domain/clock';
import { getSchedule } from '../../domain/schedule/get-schedule.use-case';
import type { Schedule } from '../../domain/schedule/schedule';

export function scheduleRoutes(
  db: Db,
  options: { schedule: Schedule; clock: Clock; autoDispatch: boolean },
): Router {
  const router = Router().get('/transmissions/schedule', async (_req, res) => {
    res.json(await getSchedule({ db, ...options }));
  });
  return router.use(methodNotAllowed(router));
}
