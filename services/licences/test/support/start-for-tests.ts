import { ZLicencesConfig } from '../../src/config';
import { startLicencesService, type LicencesService } from '../../src/start';

/**
 * The licences service in-process on port 0 against a test database and vhost, quiet and with a
 * fast outbox poll; used by this service's own tests (licences-harness.ts). The gateway's tests
 * start licences as a separate process instead (startServiceProcess in @lmp/testing).
 */
export function startLicencesForTests(
  databaseUrl: string,
  rabbitmqUrl: string,
  env: Record<string, string> = {},
): Promise<LicencesService> {
  return startLicencesService(
    ZLicencesConfig.parse({
      PORT: '0',
      METRICS_PORT: '0',
      DATABASE_URL: databaseUrl,
      RABBITMQ_URL: rabbitmqUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_INTERVAL_MS: '200',
      DATABASE_POOL_SIZE: '8',
      ...env,
    }),
  );
}
