import { z } from 'zod';
import { ZBatchListQuery, type Batch } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '@lmp/service';
import type { Db } from '../../data-access/database';
import { listBatches as listBatchRows } from '../../data-access/batch.repository';

const ZKeyset = z.strictObject({ runNumber: z.number().int().min(1) });

/** GET /transmissions/batches: newest first, in pages. */
export async function listBatches({
  db,
  query,
}: {
  db: Db;
  query: unknown;
}): Promise<{ items: Batch[]; nextCursor: string | null }> {
  const { limit, cursor } = parseOrThrow(ZBatchListQuery, query);
  const { batches, next } = await listBatchRows(db, decodeCursor(ZKeyset, cursor), limit);
  return { items: batches, nextCursor: encodeCursor(next) };
}
