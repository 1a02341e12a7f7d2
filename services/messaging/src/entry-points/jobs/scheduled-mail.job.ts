import cron from 'node-cron';
import type { Logger } from '@lmp/logger';

export interface ScheduledJob {
  /** One wake-up as node-cron makes it; tests call it at the instant their clock stands at. */
  runOnce(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Wakes `run` on a node-cron schedule (Europe/Brussels). Every replica wakes; the run itself
 * claims its period in the database (job_runs), so only one of them sends. A failed run is
 * logged; the next wake-up tries again (the period is still unclaimed: the claim rolled back).
 */
export function scheduleMailJob(options: {
  name: string;
  cronExpression: string;
  run: () => Promise<number | null>;
  logger: Logger;
}): ScheduledJob {
  let running: Promise<number | null> | undefined;
  const runOnce = () => {
    running ??= options
      .run()
      .then((count) => {
        if (count !== null)
          options.logger.info({ job: options.name, mails: count }, 'scheduled e-mail enqueued');
        return count;
      })
      .catch((error: unknown) => {
        options.logger.error(
          { err: error, job: options.name },
          'scheduled e-mail job failed; the next wake-up retries',
        );
        return null;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const task = cron.schedule(options.cronExpression, () => runOnce(), {
    name: `messaging-${options.name}`,
    noOverlap: true,
    timezone: 'Europe/Brussels',
  });
  return {
    runOnce,
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
