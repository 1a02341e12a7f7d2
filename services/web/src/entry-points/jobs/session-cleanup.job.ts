import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { deleteExpired } from '../../data-access/session.repository';

const EVERY_MS = 15 * 60 * 1000;

/** Deletes ended sessions and abandoned sign-ins now and then (any replica may; it is idempotent). */
export function startSessionCleanup(db: Db, logger: Logger): { stop(): void } {
  const run = () =>
    deleteExpired(db).catch((error: Error) => logger.warn({ reason: error.message }, 'session clean-up failed'));
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
