import { withTransaction, type Db } from '../../data-access/database';
import { setBatchStatus } from '../../data-access/batch.repository';
import { assertDraft, findBatchOrThrow } from './batch-guards';
import type { Batch } from './batch.types';

/**
 * POST /transmissions/batches/{id}/cancel: drops a draft. A cancelled scheduled batch keeps its
 * slot, so the scheduler does not build that slot's batch again.
 */
export async function cancelBatch({ db, batchId }: { db: Db; batchId: unknown }): Promise<Batch> {
  return withTransaction(db, async (tx) => {
    const batch = await findBatchOrThrow(tx, batchId, { forUpdate: true });
    assertDraft(batch, 'cancel it');
    return setBatchStatus(tx, batch.id, 'cancelled');
  });
}
