import { AppError } from '@lmp/errors';
import {
  findBroadcastById,
  markBroadcastComplete,
  withBroadcastLock,
  writeBroadcastChunk,
  type BroadcastSession,
  type LockOutcome,
} from '../../data-access/broadcast.repository';
import type { Db } from '../../data-access/database';
import type { Clock } from '../clock';
import { broadcastMails } from '../notifications/broadcast.notifications';
import type { MailQueue } from '../notifications/mail.types';
import type { NotificationLinks } from '../notifications/notification-links';
import { GENERAL_SUBJECT } from '../threads/views';
import type { BroadcastRecord } from './broadcast.types';

export interface BroadcastDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
  chunkSize: number;
}

/** How long a retry waits for another request (or the resume sweep) to finish the same broadcast. */
export const BROADCAST_BUSY_WAIT_MS = 5_000;
const BUSY_POLL_MS = 100;

export interface Delivery {
  broadcast: BroadcastRecord;
  /** Messages written by this delivery (those of chunks written before are not written again). */
  messages: number;
}

/**
 * Writes every chunk of a recorded broadcast, then marks it complete, on the session holding the
 * broadcast's lock (withBroadcastLock). Each chunk is one transaction; a chunk written before (by a request that died)
 * writes nothing again, since a thread takes one message of a broadcast at most and e-mails are
 * deduplicated by message and recipient. An aborted `signal` (shutdown) stops it between chunks,
 * incomplete (`completedAt` null): the sweep of another replica, or of the next start, goes on.
 */
export async function writeBroadcast(
  deps: BroadcastDeps,
  session: BroadcastSession,
  broadcast: BroadcastRecord,
  signal?: AbortSignal,
): Promise<Delivery> {
  if (broadcast.completedAt) return { broadcast, messages: 0 };
  const at = new Date(broadcast.createdAt);
  let messages = 0;
  for (let i = 0; i < broadcast.companyIds.length; i += deps.chunkSize) {
    if (signal?.aborted) return { broadcast, messages };
    const companyIds = broadcast.companyIds.slice(i, i + deps.chunkSize);
    const { written, mails } = await session.transaction(async (tx) => {
      const rows = await writeBroadcastChunk(tx, {
        broadcast,
        companyIds,
        at,
        subjectOfThread: GENERAL_SUBJECT,
      });
      return { written: rows.length, mails: await broadcastMails(tx, deps, broadcast, rows) };
    });
    messages += written;
    if (mails > 0) deps.mail.wake();
  }
  const completedAt = deps.clock();
  await markBroadcastComplete(session.client, broadcast.id, completedAt);
  return { broadcast: { ...broadcast, completedAt: completedAt.toISOString() }, messages };
}

/**
 * Finishes a recorded broadcast under its lock, reading it afresh once the lock is held (whoever
 * held it before may have completed it). `{ locked: false }` when another request or replica is
 * delivering it right now.
 */
export async function finishBroadcast(
  deps: BroadcastDeps,
  broadcastId: string,
  signal?: AbortSignal,
): Promise<LockOutcome<Delivery>> {
  return withBroadcastLock(deps.db, broadcastId, async (session) => {
    const broadcast = await findBroadcastById(session.client, broadcastId);
    if (!broadcast) throw new Error(`broadcast ${broadcastId} is not recorded`);
    return writeBroadcast(deps, session, broadcast, signal);
  });
}

/**
 * finishBroadcast for a request (a retry, or a parallel request with the same key): waits for
 * whoever is delivering it to end, then answers it complete. After BROADCAST_BUSY_WAIT_MS still
 * busy, 409 (send it again): the holder is alive and will finish it, or its lock is freed.
 */
export async function finishBroadcastWaiting(
  deps: BroadcastDeps,
  broadcastId: string,
): Promise<BroadcastRecord> {
  const deadline = Date.now() + BROADCAST_BUSY_WAIT_MS;
  for (;;) {
    const outcome = await finishBroadcast(deps, broadcastId);
    if (outcome.locked) return outcome.value.broadcast;
    if (Date.now() >= deadline) {
      throw new AppError(
        'RESOURCE.CONFLICT',
        'This broadcast is being sent by another request; send it again shortly',
        {
          retryAfter: Math.ceil(BROADCAST_BUSY_WAIT_MS / 1000),
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
  }
}
