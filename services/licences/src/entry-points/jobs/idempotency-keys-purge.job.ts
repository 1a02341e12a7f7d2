import type { RunningJob } from '@lmp/service';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import { purgeExpiredIdempotencyKeys } from '../../domain/idempotency/idempotency-keys';

const HOURLY = 60 * 60 * 1000;

/**
 * Idempotency keys are kept 24 hours; this sweep deletes the older ones of every user, hourly in
 * each replica (a delete of rows already gone costs nothing, so replicas need no coordination).
 */
export function startIdempotencyKeysPurge(
  { db, logger }: { db: Db; logger: Logger },
  everyMs = HOURLY,
): RunningJob {
  const sweep = () =>
    purgeExpiredIdempotencyKeys(db).then(
      (deleted) => deleted > 0 && logger.info({ deleted }, 'expired idempotency keys deleted'),
      (error: unknown) => logger.warn({ err: error }, 'idempotency key sweep failed; it runs again later'),
    );
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
