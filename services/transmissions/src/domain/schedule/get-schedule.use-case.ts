import type { TransmissionSchedule } from '@lmp/contracts';
import type { Db } from '../../data-access/database';
import { latestScheduledBatch } from '../../data-access/batch.repository';
import type { Clock } from '../clock';
import { SCHEDULE_TIME_ZONE, type Schedule } from './schedule';

/** GET /transmissions/schedule: the configured fortnight, the next slot and the last scheduled run. */
export async function getSchedule({
  db,
  schedule,
  clock,
  autoDispatch,
}: {
  db: Db;
  schedule: Schedule;
  clock: Clock;
  autoDispatch: boolean;
}): Promise<TransmissionSchedule> {
  const latest = await latestScheduledBatch(db);
  return {
    anchorDate: schedule.settings.anchorDate,
    intervalDays: schedule.settings.intervalDays,
    time: schedule.settings.time,
    timeZone: SCHEDULE_TIME_ZONE,
    nextRunAt: schedule.nextSlotAfter(clock()).at.toISOString(),
    lastRunAt: latest?.createdAt ?? null,
    autoDispatch,
  };
}
