import { assertNotDevelopmentKey, createIdentityVerifier, identityJwk } from '@lmp/auth';
import { runAsMain, startService, type RunningService } from '@lmp/service';
import { readConfig, type LicencesConfig } from './config';
import { SCHEMA } from './data-access/database';
import { licenceProblemTypes } from './domain/licence-errors';
import { apiRoutes } from './entry-points/api/api.routes';
import { consumeTransmissionEvents } from './entry-points/message-queue/transmission-events.consumer';

export type LicencesService = RunningService;

/** Companies, users, licences and their history: the kit with this service's routes and consumers. */
export async function startLicencesService(config: LicencesConfig = readConfig()): Promise<LicencesService> {
  const production = config.NODE_ENV === 'production';
  const identityKey = identityJwk('public', config.IDENTITY_PUBLIC_KEY, { production });
  await assertNotDevelopmentKey(identityKey, { production });
  const verifyIdentity = createIdentityVerifier(identityKey);
  return startService({
    name: 'licences',
    config,
    storage: { schema: SCHEMA },
    consumers: (ctx) => consumeTransmissionEvents(ctx),
    http: (ctx) => ({
      routes: apiRoutes({ ...ctx, verifyIdentity, exactTotalCap: config.LIST_EXACT_TOTAL_CAP }),
      problemTypes: licenceProblemTypes,
    }),
  });
}

if (require.main === module) runAsMain('licences', () => startLicencesService());
