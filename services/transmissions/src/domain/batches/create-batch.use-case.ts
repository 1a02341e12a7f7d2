import { ZBatchRequest } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import type { Clock } from '../clock';
import type { Schedule } from '../schedule/schedule';
import type { Batch } from './batch.types';
import { buildBatch } from './build-batch';

/**
 * POST /transmissions/batches: a draft built now, outside the schedule. `urgentOnly` makes an
 * urgent batch (urgent licences not sent in the last 7 days); otherwise a manual batch with the
 * same licences a scheduled one would take. It belongs to the fortnight the next slot closes.
 */
export async function createBatch({
  db,
  schedule,
  clock,
  input,
}: {
  db: Db;
  schedule: Schedule;
  clock: Clock;
  input: unknown;
}): Promise<Batch> {
  const { urgentOnly } = parseOrThrow(ZBatchRequest, input ?? {});
  const now = clock();
  const { batch } = await withTransaction(db, (tx) =>
    buildBatch(tx, {
      kind: urgentOnly ? 'urgent' : 'manual',
      slotKey: null,
      period: schedule.nextSlotAfter(now).period,
      cutOff: now,
      late: false,
      urgentOnly,
      now,
    }),
  );
  return batch;
}
