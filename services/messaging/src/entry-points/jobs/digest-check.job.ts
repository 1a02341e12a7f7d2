import type { Logger } from '@lmp/logger';
import {
  checkBatchDigests,
  type DigestCheckDeps,
} from '../../domain/notifications/check-batch-digests.use-case';

export interface DigestChecks {
  /** A batch's event committed: check it soon (requests while one is waiting are one check). */
  request(batchId: string): void;
  /** Starts the periodic safety net (a replica that died between a commit and its check). */
  startSweep(): void;
  stop(): Promise<void>;
}

/**
 * Completeness checks of dispatched batches, coalesced: during a batch's stream of
 * LicenceTransmitted events one check runs at a time per batch, reading fresh state each time,
 * and a request that arrives while one runs gets another after it, so the last commit is always
 * followed by a check. Every `sweepMs`, batches still due are checked as well.
 */
export function digestChecks(options: {
  deps: DigestCheckDeps;
  logger: Logger;
  delayMs?: number;
  sweepMs?: number;
}): DigestChecks {
  const { deps } = options;
  const delayMs = options.delayMs ?? 100;
  let sweep: NodeJS.Timeout | undefined;
  let stopped = false;
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const run = (batchId: string) => {
    const done = new Promise((resolve) => setTimeout(resolve, delayMs))
      .then(() => (stopped ? 0 : checkBatchDigests(deps, [batchId])))
      .then(
        () => undefined,
        (error: unknown) =>
          options.logger.error({ err: error, batchId }, 'digest check failed; the sweep retries'),
      )
      .finally(() => {
        running.delete(batchId);
        if (again.delete(batchId) && !stopped) run(batchId);
      });
    running.set(batchId, done);
  };
  return {
    request(batchId) {
      if (stopped) return;
      if (running.has(batchId)) again.add(batchId);
      else run(batchId);
    },
    startSweep() {
      sweep = setInterval(() => {
        checkBatchDigests(deps).catch((error: unknown) =>
          options.logger.error({ err: error }, 'digest sweep failed'),
        );
      }, options.sweepMs ?? 60_000);
      sweep.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      await Promise.all(running.values());
    },
  };
}
