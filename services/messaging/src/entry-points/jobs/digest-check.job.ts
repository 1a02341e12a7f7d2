import type { Logger } from '@lmp/logger';
import {
  checkBatchDigests,
  type DigestCheck,
  type DigestCheckDeps,
} from '../../domain/notifications/check-batch-digests.use-case';

export interface DigestChecks {
  /** A batch's event committed: check it soon (requests while one is waiting are one check). */
  request(batchId: string): void;
  /** Starts the periodic safety net (a replica that died between a commit and its check). */
  startSweep(): void;
  /**
   * No new checks; the running ones stop at their next chunk or while waiting for a batch's lock
   * (another replica's run), and this resolves once they have. The next check resumes them.
   */
  stop(): Promise<void>;
}

/**
 * Completeness checks of dispatched batches, coalesced: during a batch's stream of
 * LicenceTransmitted events one check runs at a time per batch, reading fresh state each time,
 * and a request that arrives while one runs gets another after it, so the last commit is always
 * followed by a check. A batch waiting for licence facts (no event of its own will come) is
 * checked again every `factsRecheckMs`, which also sends it once its grace period is over. Every
 * `sweepMs`, batches still due are checked as well (and a run that failed mid-way is resumed).
 */
export function digestChecks(options: {
  deps: DigestCheckDeps;
  logger: Logger;
  delayMs?: number;
  sweepMs?: number;
  factsRecheckMs?: number;
}): DigestChecks {
  const { deps, logger } = options;
  const delayMs = options.delayMs ?? 100;
  let sweep: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  let stopped = false;
  const stopping = new AbortController();
  const { signal } = stopping;
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const rechecks = new Map<string, NodeJS.Timeout>();
  const waiting = new Set<string>();

  const report = (checks: DigestCheck[]) => {
    for (const check of checks) {
      const { batchId } = check;
      if (check.state !== 'awaiting-facts') waiting.delete(batchId);
      switch (check.state) {
        case 'failed':
          logger.error({ err: check.reason, batchId }, 'digest check failed; the next check resumes it');
          break;
        case 'awaiting-facts':
          // At info once per batch: it is checked again every few seconds until the grace period ends.
          logger[waiting.has(batchId) ? 'debug' : 'info'](
            { batchId, unknown: check.unknown, graceEndsAt: check.graceEndsAt },
            'batch complete; waiting for the company of some of its licences',
          );
          waiting.add(batchId);
          recheck(batchId);
          break;
        case 'stopped':
          logger.info(
            { batchId, mails: check.mails, chunks: check.chunks },
            'digest run stopped with the replica; the next check resumes it',
          );
          break;
        case 'sent':
          logger.info({ batchId, mails: check.mails, chunks: check.chunks }, 'transmission digests written');
          if (check.leftOut > 0)
            logger.warn(
              { batchId, leftOut: check.leftOut },
              'transmission digests sent without licences whose company is still unknown after the grace period',
            );
          break;
      }
    }
  };
  const recheck = (batchId: string) => {
    if (stopped || rechecks.has(batchId)) return;
    const timer = setTimeout(() => {
      rechecks.delete(batchId);
      request(batchId);
    }, options.factsRecheckMs ?? 5_000);
    timer.unref();
    rechecks.set(batchId, timer);
  };
  const run = (batchId: string) => {
    const done = new Promise((resolve) => setTimeout(resolve, delayMs))
      .then(() => (stopped ? [] : checkBatchDigests(deps, [batchId], { signal })))
      .then(report, (error: unknown) => logger.error({ err: error, batchId }, 'digest check failed'))
      .finally(() => {
        running.delete(batchId);
        if (again.delete(batchId) && !stopped) run(batchId);
      });
    running.set(batchId, done);
  };
  const request = (batchId: string) => {
    if (stopped) return;
    if (running.has(batchId)) again.add(batchId);
    else run(batchId);
  };
  return {
    request,
    startSweep() {
      sweep = setInterval(() => {
        if (sweeping || stopped) return; // a long run is still going: the next tick
        sweeping = checkBatchDigests(deps, undefined, { signal })
          .then(report, (error: unknown) => logger.error({ err: error }, 'digest sweep failed'))
          .finally(() => (sweeping = undefined));
      }, options.sweepMs ?? 60_000);
      sweep.unref();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      clearInterval(sweep);
      for (const timer of rechecks.values()) clearTimeout(timer);
      rechecks.clear();
      await Promise.all([...running.values(), sweeping]);
    },
  };
}
