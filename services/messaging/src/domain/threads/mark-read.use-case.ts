import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { findThread, markThreadRead } from '../../data-access/thread.repository';
import type { Clock } from '../clock';
import { assertMaySee, type Caller } from '../identity/caller';

/** Marks the thread read up to now for the caller's side (the company's users share one marker). */
export async function markRead(db: Db, clock: Clock, caller: Caller, threadId: string): Promise<void> {
  const thread = await findThread(db, threadId);
  if (!thread) throw new AppError('RESOURCE.NOT_FOUND', 'No such thread');
  assertMaySee(caller, thread.companyId);
  await markThreadRead(db, threadId, caller.side, clock());
}
