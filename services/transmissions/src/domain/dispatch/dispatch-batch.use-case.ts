import { Readable } from 'node:stream';
import type { OutboxNotifier } from '@lmp/bus';
import type { Logger } from '@lmp/logger';
import { withTransaction, type Db } from '../../data-access/database';
import { fileRowPagesFromSnapshot } from '../../data-access/batch-item.repository';
import {
  countDispatchAttempt,
  failDispatch,
  findBatch,
  markSent,
  noteDispatchError,
} from '../../data-access/batch.repository';
import { batchCsv } from '../../infrastructure/batch-file/batch-file.writer';
import { toMailDispatchError, type MofcomMailer } from '../../infrastructure/mail';
import { batchFileName } from '../batches/batch-file-name';
import type { Batch } from '../batches/batch.types';
import type { Clock } from '../clock';
import { retryDelayMs } from './dispatch-guards';
import { recordDispatch } from './record-dispatch';

export interface DispatchRetry {
  /** Sends per dispatch (the first and its retries) before the batch is `failed`. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export type DispatchOutcome =
  | { outcome: 'dispatched'; batch: Batch }
  /** Another replica recorded it (or it was never dispatching): nothing done. */
  | { outcome: 'not-dispatching' }
  | { outcome: 'failed'; batch: Batch }
  /** Shutting down between attempts: the batch stays dispatching and a restart sends it. */
  | { outcome: 'interrupted' };

/**
 * E-mails a `dispatching` batch to MOFCOM and records it; the caller holds the batch's dispatch
 * lock, so no other replica sends it meanwhile. At least once for the e-mail, exactly once for
 * the record: if the process dies after the server accepted the message and before the record
 * commits, the batch is still `dispatching`, and the next run sends it again (same Message-ID,
 * so MOFCOM sees the same dispatch) and records it then, once.
 *
 * A transient SMTP failure (4xx, connection refused or dropped) is tried again after growing
 * waits, `maxAttempts` sends in all; a permanent one (5xx, refused credentials), or the last
 * attempt failing, leaves the batch `failed` with the reason, for the Commission to retry.
 */
export async function dispatchBatch({
  db,
  outbox,
  mailer,
  clock,
  logger,
  retry,
  batchId,
  signal,
}: {
  db: Db;
  outbox: OutboxNotifier;
  mailer: MofcomMailer;
  clock: Clock;
  logger: Logger;
  retry: DispatchRetry;
  batchId: string;
  signal?: AbortSignal;
}): Promise<DispatchOutcome> {
  const current = await findBatch(db, batchId);
  if (current?.status !== 'dispatching') return { outcome: 'not-dispatching' };
  // Sent before, its record failed (or the process died right after the send was noted): only
  // the record is left to do. The e-mail is never sent again for it.
  if (current.dispatch.sentAt) return record(current, 0);
  for (let attempt = 1; ; attempt++) {
    const batch = await countDispatchAttempt(db, batchId);
    if (!batch) return { outcome: 'not-dispatching' };
    try {
      await send(db, mailer, batch);
    } catch (error) {
      const failure = toMailDispatchError(error, `e-mailing batch ${batch.runNumber} to MOFCOM`);
      const reason = `attempt ${attempt} of ${retry.maxAttempts}: ${failure.message}`;
      if (!failure.transient || attempt >= retry.maxAttempts) {
        const failed = await failDispatch(db, batchId, reason);
        logger.error({ batchId, runNumber: batch.runNumber, attempt }, `batch dispatch failed: ${reason}`);
        return failed ? { outcome: 'failed', batch: failed } : { outcome: 'not-dispatching' };
      }
      await noteDispatchError(db, batchId, reason);
      const waitMs = retryDelayMs(attempt, retry);
      logger.warn({ batchId, runNumber: batch.runNumber, attempt, waitMs }, 'batch dispatch will be retried');
      if (!(await wait(waitMs, signal))) return { outcome: 'interrupted' };
      continue;
    }
    await markSent(db, batchId, clock());
    return record(batch, attempt);
  }

  /**
   * One transaction: the batch dispatched and its events. A failure here (the database, a
   * statement timeout on a huge batch) is noted on the batch and thrown: the dispatcher tries the
   * record again later, with growing waits, and never re-sends the e-mail (sent_at is set).
   */
  async function record(batch: Batch, attempt: number): Promise<DispatchOutcome> {
    let recorded: Batch | undefined;
    try {
      recorded = await withTransaction(db, (tx) => recordDispatch(tx, batch, clock()));
    } catch (error) {
      const reason = `the e-mail was sent; recording it failed and will be retried: ${(error as Error).message}`;
      await noteDispatchError(db, batchId, reason).catch(() => undefined);
      throw error;
    }
    if (!recorded) return { outcome: 'not-dispatching' };
    outbox.written();
    logger.info(
      { batchId, runNumber: batch.runNumber, items: recorded.itemCount, attempt },
      'batch dispatched and recorded',
    );
    return { outcome: 'dispatched', batch: recorded };
  }
}

/** One send, with the file streamed fresh from the database (a stream is read once). */
async function send(db: Db, mailer: MofcomMailer, batch: Batch): Promise<void> {
  const [from, to] = batch.period.split('/') as [string, string];
  const content = Readable.from(batchCsv(fileRowPagesFromSnapshot(db, batch.id)));
  try {
    await mailer.sendBatch({
      batchId: batch.id,
      runNumber: batch.runNumber,
      period: { from, to },
      file: {
        filename: batchFileName(batch.runNumber, 'csv'),
        contentType: 'text/csv; charset=utf-8',
        content,
      },
      itemCount: batch.itemCount,
      urgent: batch.kind === 'urgent',
    });
  } finally {
    // A send that stopped part-way leaves the file's snapshot transaction open: end it.
    content.destroy();
  }
}

/** Resolves true after `ms`, or false at once when `signal` aborts (shutdown). */
function wait(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
