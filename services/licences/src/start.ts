import { assertNotDevelopmentKey, createIdentityVerifier, identityAudience, identityJwk } from '@lmp/auth';
import { runAsMain, startService, type RunningService } from '@lmp/service';
import { readConfig, type LicencesConfig } from './config';
import { SCHEMA } from './data-access/database';
import { licenceProblemTypes } from './domain/licence-errors';
import { rekeyLicenceNumbers } from './domain/licence/rekey-licence-numbers.use-case';
import { snapshotClients } from './domain/snapshot/snapshot-clients';
import { apiRoutes } from './entry-points/api/api.routes';
import { snapshotRoutes } from './entry-points/internal/snapshot.routes';
import { startIdempotencyKeysPurge } from './entry-points/jobs/idempotency-keys-purge.job';
import { consumeTransmissionEvents } from './entry-points/message-queue/transmission-events.consumer';

export type LicencesService = RunningService;

/** Companies, users, licences and their history: the kit with this service's routes and consumers. */
export async function startLicencesService(config: LicencesConfig = readConfig()): Promise<LicencesService> {
  const production = config.NODE_ENV === 'production';
  const identityKey = identityJwk('public', config.IDENTITY_PUBLIC_KEY, { production });
  await assertNotDevelopmentKey(identityKey, { production, setting: 'IDENTITY_PUBLIC_KEY' });
  // Only tokens the gateway signed for this service: one taken from another service's traffic fails.
  const verifyIdentity = createIdentityVerifier(identityKey, { audience: identityAudience('licences') });
  const snapshotReaders = snapshotClients(config.SNAPSHOT_CLIENTS, { production });
  return startService({
    name: 'licences',
    config,
    storage: { schema: SCHEMA },
    // Number keys of an older rule are recomputed before feedback is matched or HTTP opens.
    prepare: async (ctx) => {
      await rekeyLicenceNumbers(ctx);
    },
    consumers: (ctx) => consumeTransmissionEvents(ctx),
    jobs: (ctx) => startIdempotencyKeysPurge(ctx),
    http: (ctx) => ({
      routes: [
        apiRoutes({ ...ctx, verifyIdentity, exactTotalCap: config.LIST_EXACT_TOTAL_CAP }),
        // Outside /api/v1: for services with a snapshot key, never routed by the gateway.
        snapshotRoutes({
          ...ctx,
          clients: snapshotReaders,
          pageSize: config.SNAPSHOT_PAGE_SIZE,
          maxConcurrent: config.SNAPSHOT_MAX_CONCURRENT,
          idleTimeoutMs: config.SNAPSHOT_IDLE_TIMEOUT_MS,
        }),
      ],
      problemTypes: licenceProblemTypes,
    }),
  });
}

if (require.main === module) runAsMain('licences', () => startLicencesService());
