import { AppError } from '@lmp/errors';
import type { Batch } from '../batches/batch.types';

/** A batch is sent once: a dispatched one is 409, and so is a cancelled one. */
export function assertDispatchable(batch: Batch): void {
  if (batch.status === 'dispatched') {
    throw new AppError(
      'TRANSMISSION.BATCH_ALREADY_DISPATCHED',
      `Batch ${batch.runNumber} was dispatched at ${batch.dispatchedAt}`,
    );
  }
  if (batch.status === 'cancelled') {
    throw new AppError('TRANSMISSION.BATCH_CANCELLED', `Batch ${batch.runNumber} was cancelled`);
  }
}

/** Waits before the next send: base, 2 × base, 4 × base…, never more than `maxMs`. */
export function retryDelayMs(failedAttempts: number, { baseMs, maxMs }: { baseMs: number; maxMs: number }) {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}
