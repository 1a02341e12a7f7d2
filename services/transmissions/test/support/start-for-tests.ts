import { ZTransmissionsConfig } from '../../src/config';
import type { Clock } from '../../src/domain/clock';
import { startTransmissionsService, type TransmissionsService } from '../../src/start';

/** The schedule every test suite uses: Mondays 09:00 Brussels from 16 March 2026 (DST on 29 March). */
export const TEST_SCHEDULE = {
  BATCH_ANCHOR_DATE: '2026-03-16',
  BATCH_TIME: '09:00',
  BATCH_INTERVAL_DAYS: '14',
};

/**
 * The transmissions service in-process on port 0 against a test database and vhost, quiet, with a
 * fast outbox poll, and with node-cron's wake-up set to once a year: tests call the scheduler's
 * check() at the instants they choose on their clock instead.
 */
export function startTransmissionsForTests(
  databaseUrl: string,
  rabbitmqUrl: string,
  clock: Clock,
  env: Record<string, string> = {},
): Promise<TransmissionsService> {
  return startTransmissionsService(
    ZTransmissionsConfig.parse({
      PORT: '0',
      DATABASE_URL: databaseUrl,
      RABBITMQ_URL: rabbitmqUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_INTERVAL_MS: '200',
      DATABASE_POOL_SIZE: '6',
      BATCH_CHECK_CRON: '0 0 1 1 *',
      ...TEST_SCHEDULE,
      ...env,
    }),
    { clock },
  );
}
