import { batchesDue } from '../../data-access/batch.repository';
import {
  sendDigestsIfComplete,
  type DigestOutcome,
  type DigestRunDeps,
} from './transmission-digest.notifications';

export type DigestCheckDeps = DigestRunDeps;

export type DigestCheck = { batchId: string } & (DigestOutcome | { state: 'failed'; reason: unknown });

/**
 * Sends the digests of each batch that is complete now (each batch's digests once, whoever
 * checks), the given batches or every batch still due (the sweep). One batch failing does not
 * stop the others: its check answers `failed`, and a later check resumes it. Once `signal` aborts
 * (the replica stops), no further batch is checked and the one in hand stops before its next
 * chunk (`stopped`); the next check or sweep, on any replica, resumes where it was.
 */
export async function checkBatchDigests(
  deps: DigestCheckDeps,
  batchIds?: string[],
  { signal }: { signal?: AbortSignal } = {},
): Promise<DigestCheck[]> {
  const checks: DigestCheck[] = [];
  for (const batchId of batchIds ?? (await batchesDue(deps.db))) {
    if (signal?.aborted) break;
    try {
      checks.push({ batchId, ...(await sendDigestsIfComplete(deps, batchId, signal)) });
    } catch (reason) {
      checks.push({ batchId, state: 'failed', reason });
    }
  }
  return checks;
}
