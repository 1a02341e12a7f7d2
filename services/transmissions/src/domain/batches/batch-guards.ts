import { AppError } from '@lmp/errors';
import type { Queryable } from '../../data-access/database';
import { findBatch } from '../../data-access/batch.repository';
import { batchIdOf } from './batch-id';
import type { Batch } from './batch.types';

/** The batch a path names, or 404 (an id that is not a UUID names no batch either). */
export async function findBatchOrThrow(
  db: Queryable,
  batchId: unknown,
  options: { forUpdate?: boolean } = {},
): Promise<Batch> {
  const id = batchIdOf(batchId);
  const batch = id ? await findBatch(db, id, options) : undefined;
  if (!batch) throw new AppError('RESOURCE.NOT_FOUND', `No batch ${String(batchId)}`);
  return batch;
}

/** Items are excluded and batches cancelled only while they are drafts, before any dispatch. */
export function assertDraft(batch: Batch, action: string): void {
  if (batch.status !== 'draft') {
    throw new AppError(
      'TRANSMISSION.BATCH_NOT_DRAFT',
      `Batch ${batch.runNumber} is ${batch.status}: cannot ${action}`,
    );
  }
}
