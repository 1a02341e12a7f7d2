import type { RunningService } from '@lmp/service';
import { ZReportingConfig } from '../../src/config';
import type { Clock } from '../../src/domain/clock';
import { startReportingService } from '../../src/start';

/** The reporting service in-process on port 0 against a test database and vhost, quiet. */
export function startReportingForTests(
  databaseUrl: string,
  rabbitmqUrl: string,
  clock: Clock,
  env: Record<string, string> = {},
): Promise<RunningService> {
  return startReportingService(
    ZReportingConfig.parse({
      PORT: '0',
      DATABASE_URL: databaseUrl,
      RABBITMQ_URL: rabbitmqUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_INTERVAL_MS: '200',
      ...env,
    }),
    { clock },
  );
}
