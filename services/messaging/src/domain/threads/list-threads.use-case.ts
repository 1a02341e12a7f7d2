import { z } from 'zod';
import { ZThreadListQuery, type ThreadPage } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '@lmp/service';
import type { Db } from '../../data-access/database';
import { listThreads as listThreadRows } from '../../data-access/thread.repository';
import { assertCompanyOf, type Caller } from '../identity/caller';
import { toThreadSummary } from './views';

const ZKeyset = z.object({ unread: z.boolean(), lastMessageAt: z.iso.datetime(), id: z.uuid() });

/**
 * The caller's threads, unread (for the caller's side) first, then newest first: an operator's
 * company's only (the companyId filter cannot widen that), the Commission's inbox all of them.
 */
export async function listThreads(db: Db, caller: Caller, query: unknown): Promise<ThreadPage> {
  const q = parseOrThrow(ZThreadListQuery, query);
  const companyId = caller.side === 'company' ? assertCompanyOf(caller) : q.companyId;
  if (caller.side === 'company' && q.companyId && q.companyId !== companyId) {
    return { items: [], nextCursor: null, total: 0, totalExact: true };
  }
  const page = await listThreadRows(
    db,
    { side: caller.side, companyId, licenceId: q.licenceId, unread: q.unread },
    decodeCursor(ZKeyset, q.cursor),
    q.limit,
  );
  return {
    items: page.threads.map((t) => toThreadSummary(t, caller.side)),
    nextCursor: encodeCursor(page.next),
    total: page.total,
    totalExact: page.totalExact,
  };
}
