import { listUnfinishedBroadcastIds } from '../../data-access/broadcast.repository';
import { finishBroadcast, type BroadcastDeps } from './deliver-broadcast';

/** Broadcasts looked at per sweep; more wait for the next one. */
const RESUME_BATCH = 100;

export type BroadcastResume =
  | { broadcastId: string; state: 'finished'; messages: number }
  /** Stopped between chunks (shutdown); still incomplete, for the next sweep. */
  | { broadcastId: string; state: 'stopped'; messages: number }
  /** Another request or replica holds its lock: it is being written now. */
  | { broadcastId: string; state: 'busy' }
  | { broadcastId: string; state: 'failed'; reason: unknown };

/**
 * Finishes broadcasts that were recorded but never completed: their request died mid-way (a
 * crash, a database error) and no retry with the same Idempotency-Key came, or none could (sent
 * without one). Each is written with the same chunk writer as a request, under the broadcast's
 * lock, so one being written elsewhere is skipped; a failure of one is reported and the next
 * sweep tries it again, without holding up the others. An aborted `signal` ends the sweep
 * between chunks.
 */
export async function resumeBroadcasts(
  deps: BroadcastDeps,
  signal?: AbortSignal,
): Promise<BroadcastResume[]> {
  const resumed: BroadcastResume[] = [];
  for (const broadcastId of await listUnfinishedBroadcastIds(deps.db, RESUME_BATCH)) {
    if (signal?.aborted) break;
    try {
      const outcome = await finishBroadcast(deps, broadcastId, signal);
      if (!outcome.locked) resumed.push({ broadcastId, state: 'busy' });
      else {
        const { broadcast, messages } = outcome.value;
        resumed.push({ broadcastId, state: broadcast.completedAt ? 'finished' : 'stopped', messages });
      }
    } catch (reason) {
      resumed.push({ broadcastId, state: 'failed', reason });
    }
  }
  return resumed;
}
