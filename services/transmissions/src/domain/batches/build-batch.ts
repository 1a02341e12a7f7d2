import { randomUUID } from 'node:crypto';
import type { Tx } from '../../data-access/database';
import { fileRowPages } from '../../data-access/batch-item.repository';
import {
  findBatchForSlot,
  insertBatch,
  insertEligibleItems,
  lockRunCounter,
  setRunCounter,
  updateBatchFile,
} from '../../data-access/batch.repository';
import type { Batch, BatchKind } from './batch.types';
import { batchCsvSha256 } from '../../infrastructure/batch-file/batch-file.writer';
import { eligibilityFor } from './eligibility';

export interface BatchPlan {
  kind: BatchKind;
  /** Scheduled batches only: the slot it is for (one batch per slot). */
  slotKey: string | null;
  period: string;
  cutOff: Date;
  late: boolean;
  urgentOnly: boolean;
  now: Date;
}

/**
 * Builds a draft in the caller's transaction: the next run number, every eligible licence copied
 * in, the file's SHA-256. `existing` when the slot already has its batch (built by another
 * replica, or before a restart): nothing is written then, and no run number is used.
 */
export async function buildBatch(
  tx: Tx,
  plan: BatchPlan,
): Promise<{ batch: Batch; created: true } | { batch: Batch; created: false }> {
  const lastRun = await lockRunCounter(tx);
  if (plan.slotKey) {
    const existing = await findBatchForSlot(tx, plan.slotKey);
    if (existing) return { batch: existing, created: false };
  }
  const id = randomUUID();
  const inserted = await insertBatch(tx, { ...plan, id, runNumber: lastRun + 1 });
  // The counter lock makes the check above final; the unique slot key is the last guard.
  if (!inserted) throw new Error(`slot ${plan.slotKey} got a batch while the run counter was locked`);
  await setRunCounter(tx, lastRun + 1);
  const itemCount = await insertEligibleItems(
    tx,
    id,
    eligibilityFor({ cutOff: plan.cutOff, urgentOnly: plan.urgentOnly }),
  );
  const sha256 = await batchCsvSha256(fileRowPages(tx, id));
  return { batch: await updateBatchFile(tx, id, { itemCount, excludedCount: 0, sha256 }), created: true };
}
