import { ZBatchExclusion, type BatchItem } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { countItems, excludeItem, fileRowPages, findItem } from '../../data-access/batch-item.repository';
import { updateBatchFile } from '../../data-access/batch.repository';
import { batchCsvSha256 } from '../../infrastructure/batch-file/batch-file.writer';
import { licenceIdOf } from './batch-id';
import { assertDraft, findBatchOrThrow } from './batch-guards';

/**
 * POST /transmissions/batches/{id}/items/{licenceId}/exclude: the Commission leaves a licence out
 * of a draft (decided meanwhile, for example), with its reason. The file, its SHA-256 and the
 * counts change with it; excluding an excluded item again only replaces the reason.
 */
export async function excludeBatchItem({
  db,
  batchId,
  licenceId,
  input,
}: {
  db: Db;
  batchId: unknown;
  licenceId: unknown;
  input: unknown;
}): Promise<BatchItem> {
  const { reason } = parseOrThrow(ZBatchExclusion, input);
  const licence = licenceIdOf(licenceId);
  return withTransaction(db, async (tx) => {
    const batch = await findBatchOrThrow(tx, batchId, { forUpdate: true });
    assertDraft(batch, 'exclude an item');
    if (!(await findItem(tx, batch.id, licence))) {
      throw new AppError('RESOURCE.NOT_FOUND', `Licence ${licence} is not in batch ${batch.runNumber}`);
    }
    const item = await excludeItem(tx, batch.id, licence, reason);
    const counts = await countItems(tx, batch.id);
    const sha256 = await batchCsvSha256(fileRowPages(tx, batch.id));
    await updateBatchFile(tx, batch.id, { ...counts, sha256 });
    return item;
  });
}
