import type { Logger } from '@lmp/logger';
import { withTransaction, type Db } from '../../data-access/database';
import { findBatchForSlot } from '../../data-access/batch.repository';
import type { Batch } from '../batches/batch.types';
import { buildBatch } from '../batches/build-batch';
import type { Clock } from '../clock';
import type { Schedule } from './schedule';

export type DueBatchOutcome =
  | { outcome: 'before-first-slot' }
  | { outcome: 'exists'; batch: Batch }
  | { outcome: 'created'; batch: Batch };

/**
 * The scheduler's one question, asked on every wake-up: does the latest slot at or before now
 * have its batch? If not, build it. Only the latest slot is looked at, so after downtime the
 * missed slot is caught up once (not once per missed slot), and a batch built more than
 * `lateAfterMs` after its slot says it was late. Replicas asking at the same moment build one
 * batch between them: creation is serialised on the run counter and the slot key is unique.
 */
export async function buildDueBatch({
  db,
  schedule,
  clock,
  lateAfterMs,
  logger,
}: {
  db: Db;
  schedule: Schedule;
  clock: Clock;
  lateAfterMs: number;
  logger?: Logger;
}): Promise<DueBatchOutcome> {
  const now = clock();
  const slot = schedule.lastSlotAtOrBefore(now);
  if (!slot) return { outcome: 'before-first-slot' };
  // Cheap check first: on almost every wake-up the batch exists, and no lock is needed to see it.
  const existing = await findBatchForSlot(db, slot.key);
  if (existing) return { outcome: 'exists', batch: existing };
  const late = now.getTime() - slot.at.getTime() > lateAfterMs;
  const result = await withTransaction(db, (tx) =>
    buildBatch(tx, {
      kind: 'scheduled',
      slotKey: slot.key,
      period: slot.period,
      cutOff: slot.at,
      late,
      urgentOnly: false,
      now,
    }),
  );
  if (!result.created) return { outcome: 'exists', batch: result.batch };
  logger?.info(
    {
      batchId: result.batch.id,
      runNumber: result.batch.runNumber,
      slot: slot.key,
      late,
      items: result.batch.itemCount,
    },
    'scheduled batch built',
  );
  return { outcome: 'created', batch: result.batch };
}
