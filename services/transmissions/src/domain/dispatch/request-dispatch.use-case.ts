import { withTransaction, type Db } from '../../data-access/database';
import { startDispatch } from '../../data-access/batch.repository';
import { batchMessageId } from '../../infrastructure/mail';
import { findBatchOrThrow } from '../batches/batch-guards';
import type { Batch } from '../batches/batch.types';
import { assertDispatchable } from './dispatch-guards';

/**
 * POST /transmissions/batches/{id}/dispatch: a draft (or a failed batch, retried by the
 * Commission) becomes `dispatching`, committed before anything is sent, so a crash from here on
 * leaves a batch a restart finds and sends. The e-mail itself is the dispatcher's job
 * (dispatch-batch.use-case.ts). A batch already dispatching is answered as it is: asking twice
 * sends once.
 */
export async function requestDispatch({ db, batchId }: { db: Db; batchId: unknown }): Promise<Batch> {
  return withTransaction(db, async (tx) => {
    const batch = await findBatchOrThrow(tx, batchId, { forUpdate: true });
    assertDispatchable(batch);
    if (batch.status === 'dispatching') return batch;
    return startDispatch(tx, batch.id, batchMessageId(batch.id));
  });
}
