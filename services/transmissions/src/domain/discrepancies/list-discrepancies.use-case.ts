import { z } from 'zod';
import { ZDiscrepancyListQuery, type Discrepancy } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '@lmp/service';
import type { Db } from '../../data-access/database';
import { listDiscrepancies as listDiscrepancyRows } from '../../data-access/discrepancy.repository';

const ZKeyset = z.strictObject({ recordedAt: z.iso.datetime(), id: z.uuid() });

/** GET /transmissions/discrepancies: what MOFCOM reported against what the company says, newest first. */
export async function listDiscrepancies({
  db,
  query,
}: {
  db: Db;
  query: unknown;
}): Promise<{ items: Discrepancy[]; nextCursor: string | null }> {
  const { limit, cursor } = parseOrThrow(ZDiscrepancyListQuery, query);
  const { discrepancies, next } = await listDiscrepancyRows(db, decodeCursor(ZKeyset, cursor), limit);
  return { items: discrepancies, nextCursor: encodeCursor(next) };
}
