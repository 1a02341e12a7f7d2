import type { Db } from '../../data-access/database';
import { findBatchOrThrow } from './batch-guards';
import type { Batch } from './batch.types';

/** GET /transmissions/batches/{id} */
export function getBatch({ db, batchId }: { db: Db; batchId: unknown }): Promise<Batch> {
  return findBatchOrThrow(db, batchId);
}
