import { z } from 'zod';
import { ZBatchItemsQuery, type BatchItem } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '@lmp/service';
import type { Db } from '../../data-access/database';
import { listItems } from '../../data-access/batch-item.repository';
import { findBatchOrThrow } from './batch-guards';

const ZKeyset = z.strictObject({ licenceNumber: z.string().max(200), licenceId: z.uuid() });

/** GET /transmissions/batches/{id}/items: for review, in file order, excluded ones included. */
export async function listBatchItems({
  db,
  batchId,
  query,
}: {
  db: Db;
  batchId: unknown;
  query: unknown;
}): Promise<{ items: BatchItem[]; nextCursor: string | null }> {
  const { limit, cursor } = parseOrThrow(ZBatchItemsQuery, query);
  const batch = await findBatchOrThrow(db, batchId);
  const { items, next } = await listItems(db, batch.id, decodeCursor(ZKeyset, cursor), limit);
  return { items, nextCursor: encodeCursor(next) };
}
