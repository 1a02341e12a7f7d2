import type { OutboxNotifier } from '@lmp/bus';
import type { Logger } from '@lmp/logger';
import type { RunningJob } from '@lmp/service';
import type { Db } from '../../data-access/database';
import { listDispatchingBatchIds } from '../../data-access/batch.repository';
import { withBatchDispatchLock } from '../../data-access/dispatch-lock.repository';
import type { Clock } from '../../domain/clock';
import { dispatchBatch, type DispatchRetry } from '../../domain/dispatch/dispatch-batch.use-case';
import type { MofcomMailer } from '../../infrastructure/mail';

export interface BatchDispatcher extends RunningJob {
  /** Look for batches to send now (after a dispatch request); returns without waiting. */
  wake(): void;
  /** One pass over every dispatching batch, as wake(), the start and the timer run it. */
  runOnce(): Promise<void>;
}

/** A batch another replica was sending is looked at again after this, if it is still dispatching. */
const BUSY_RETRY_MS = 2_000;

/**
 * Sends batches that are `dispatching`: when a request asks (wake), at start (a batch a crash
 * left between send and record is sent again and recorded), and every `resumeIntervalMs` (one a
 * dead replica left). Each batch is sent under its advisory lock, so replicas never send the same
 * batch at once; one that another replica holds is skipped and looked at again shortly.
 */
export async function startBatchDispatcher({
  db,
  outbox,
  mailer,
  clock,
  logger,
  retry,
  resumeIntervalMs,
}: {
  db: Db;
  outbox: OutboxNotifier;
  mailer: MofcomMailer;
  clock: Clock;
  logger: Logger;
  retry: DispatchRetry;
  resumeIntervalMs: number;
}): Promise<BatchDispatcher> {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  let again = false;
  let failedPasses = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (ms: number) => {
    if (stopping.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void runOnce(), ms);
    timer.unref();
  };

  const pass = async (): Promise<boolean> => {
    let busyElsewhere = false;
    for (const batchId of await listDispatchingBatchIds(db)) {
      if (stopping.signal.aborted) break;
      const result = await withBatchDispatchLock(db, batchId, () =>
        dispatchBatch({ db, outbox, mailer, clock, logger, retry, batchId, signal: stopping.signal }),
      );
      if (!result.locked) busyElsewhere = true;
    }
    return busyElsewhere;
  };

  const runOnce = (): Promise<void> => {
    if (running) {
      again = true; // a request came in during a pass: look once more when it ends
      return running;
    }
    running = (async () => {
      let busyElsewhere = false;
      let failed = false;
      do {
        again = false;
        try {
          busyElsewhere = await pass();
        } catch (error) {
          // The batch stays dispatching with the reason noted; a sent one only has its record
          // retried. Failed passes in a row wait longer each time, up to the resume interval.
          logger.error({ err: error, failedPasses: failedPasses + 1 }, 'batch dispatch pass failed');
          failed = true;
        }
      } while (again && !failed && !stopping.signal.aborted);
      failedPasses = failed ? failedPasses + 1 : 0;
      const busyMs = Math.min(BUSY_RETRY_MS, resumeIntervalMs);
      schedule(
        failed
          ? Math.min(BUSY_RETRY_MS * 2 ** (failedPasses - 1), resumeIntervalMs)
          : busyElsewhere
            ? busyMs
            : resumeIntervalMs,
      );
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  // Not awaited: the service is up while a batch left dispatching is sent (with its retries).
  void runOnce();
  return {
    wake: () => void runOnce(),
    runOnce,
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
      mailer.close();
    },
  };
}
