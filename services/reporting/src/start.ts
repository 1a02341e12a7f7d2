import { assertNotDevelopmentKey, createIdentityVerifier, identityAudience, identityJwk } from '@lmp/auth';
import { runAsMain, startService, type RunningService } from '@lmp/service';
import { readConfig, type ReportingConfig } from './config';
import { SCHEMA } from './data-access/database';
import { readIndexChanges } from './data-access/licence-index.repository';
import { systemClock, type Clock } from './domain/clock';
import { ReportIndex } from './domain/reports/licence-index';
import { apiRoutes } from './entry-points/api/api.routes';
import { consumePlatformEvents } from './entry-points/message-queue/platform-events.consumer';

export interface StartOptions {
  /** "Now" for the stale rule; tests stand at any instant with it. */
  clock?: Clock;
}

/** The Commission's dashboard: the kit with this service's read-model consumer and report routes. */
export async function startReportingService(
  config: ReportingConfig = readConfig(),
  { clock = systemClock }: StartOptions = {},
): Promise<RunningService> {
  const production = config.NODE_ENV === 'production';
  const identityKey = identityJwk('public', config.IDENTITY_PUBLIC_KEY, { production });
  await assertNotDevelopmentKey(identityKey, { production, setting: 'IDENTITY_PUBLIC_KEY' });
  // Only tokens the gateway signed for this service: one taken from another service's traffic fails.
  const verifyIdentity = createIdentityVerifier(identityKey, { audience: identityAudience('reporting') });
  return startService({
    name: 'reporting',
    config,
    storage: { schema: SCHEMA },
    consumers: (ctx) => consumePlatformEvents(ctx),
    http: (ctx) => {
      // This process's report index: loaded now (reports wait for it), then synced per request.
      const reports = new ReportIndex((since, sink) => readIndexChanges(ctx.db, since, sink));
      reports
        .current()
        .catch((error: unknown) => ctx.logger.warn({ err: error }, 'report index not loaded yet'));
      return { routes: apiRoutes({ db: ctx.db, reports, logger: ctx.logger, verifyIdentity, clock }) };
    },
  });
}

if (require.main === module) runAsMain('reporting', () => startReportingService());
