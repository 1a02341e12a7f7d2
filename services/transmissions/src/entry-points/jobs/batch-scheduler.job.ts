import cron from 'node-cron';
import type { Logger } from '@lmp/logger';
import type { RunningJob } from '@lmp/service';
import type { Db } from '../../data-access/database';
import type { Clock } from '../../domain/clock';
import { requestDispatch } from '../../domain/dispatch/request-dispatch.use-case';
import { buildDueBatch, type DueBatchOutcome } from '../../domain/schedule/build-due-batch.use-case';
import type { Schedule } from '../../domain/schedule/schedule';

export interface BatchScheduler extends RunningJob {
  /** One wake-up, as node-cron makes; tests call it to stand at a chosen instant. */
  check(): Promise<DueBatchOutcome | undefined>;
}

/**
 * node-cron only wakes the service (every minute by default); whether a batch is due is decided
 * from the schedule's anchor (buildDueBatch), so a restart, a missed tick or several replicas
 * never shift or duplicate a slot. The first check runs at start, which is how a slot missed
 * during downtime is caught up.
 */
export async function startBatchScheduler({
  db,
  logger,
  schedule,
  clock,
  lateAfterMs,
  cronExpression,
  autoDispatch,
  projectionCaughtUp,
}: {
  db: Db;
  logger: Logger;
  schedule: Schedule;
  clock: Clock;
  lateAfterMs: number;
  cronExpression: string;
  /** BATCH_AUTO_DISPATCH: the slot's batch is dispatched without review; `wake` starts the send. */
  autoDispatch?: { wake: () => void };
  /**
   * Whether the licence projection has applied the events waiting for it. After downtime the
   * queue holds the licences submitted meanwhile; a batch built before they are applied would
   * leave them out. The check waits for it, at most `maxWaitMs`, then builds anyway.
   */
  projectionCaughtUp?: { check: () => Promise<boolean>; maxWaitMs: number };
}): Promise<BatchScheduler> {
  // The slot's draft, not only the one just built: a crash between building and requesting the
  // dispatch leaves a draft the next check sends. A cancelled or failed batch is left alone (the
  // Commission decided, or retries by hand).
  const dispatchIfDue = async (outcome: DueBatchOutcome) => {
    if (!autoDispatch || outcome.outcome === 'before-first-slot') return outcome;
    if (outcome.batch.kind !== 'scheduled' || outcome.batch.status !== 'draft') return outcome;
    const batch = await requestDispatch({ db, batchId: outcome.batch.id });
    logger.info(
      { batchId: batch.id, runNumber: batch.runNumber },
      'scheduled batch dispatched without review',
    );
    autoDispatch.wake();
    return { ...outcome, batch };
  };
  let waitingSince: number | undefined;
  /** False while licence events are still waiting to be applied (bounded by maxWaitMs). */
  const projectionReady = async (): Promise<boolean> => {
    if (!projectionCaughtUp || (await projectionCaughtUp.check())) {
      waitingSince = undefined;
      return true;
    }
    const now = clock().getTime();
    const since = (waitingSince ??= now);
    if (now - since >= projectionCaughtUp.maxWaitMs) {
      logger.warn(
        { waitedMs: now - since },
        'licence events still waiting after the longest wait; checking the slot all the same',
      );
      waitingSince = undefined;
      return true;
    }
    logger.info('licence events are still being applied; the slot is checked at the next wake-up');
    return false;
  };
  let running: Promise<DueBatchOutcome | undefined> | undefined;
  const check = () => {
    running ??= projectionReady()
      .then((ready) =>
        ready ? buildDueBatch({ db, schedule, clock, lateAfterMs, logger }).then(dispatchIfDue) : undefined,
      )
      .catch((error: unknown) => {
        // The next wake-up asks again; a failed check loses nothing.
        logger.error({ err: error }, 'scheduled batch check failed');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  await check();
  const task = cron.schedule(cronExpression, () => check(), {
    name: 'transmissions-batch-scheduler',
    noOverlap: true,
    timezone: 'Europe/Brussels',
  });
  return {
    check,
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
