import { assertNotDevelopmentKey, createIdentitySigner, IDENTITY_TTL_SECONDS, identityJwk } from '@lmp/auth';
import { createLogger } from '@lmp/logger';
import { runAsMain, startService, type RunningService } from '@lmp/service';
import { readConfig, trustProxySetting, type GatewayConfig } from './config';
import { createIssuerKeys } from './data-access/issuer-keys';
import { createServiceClient, type ServiceClient } from './data-access/service-client';
import { createAccessTokenVerifier } from './domain/access-token-verifier';
import { commissionRule } from './domain/commission-rule';
import { cachedIdentityTokens } from './domain/identity-token-cache';
import { buildOpenApiDocument } from './domain/openapi/openapi-document';
import { SERVICES, type ServiceName } from './domain/route-table';
import { gatewayRoutes } from './entry-points/api/gateway.routes';
import { securityHeaders } from './entry-points/api/security-headers';

export type Gateway = RunningService;

const MAX_TOKEN_AGE_SECONDS = 12 * 60 * 60;

function serviceUrls(config: GatewayConfig): Partial<Record<ServiceName, string>> {
  return {
    licences: config.LICENCES_URL,
    reporting: config.REPORTING_URL,
    transmissions: config.TRANSMISSIONS_URL,
    messaging: config.MESSAGING_URL,
  };
}

/** Starts the gateway: issuer keys (fetched lazily), service connection pools, the HTTP server. */
export async function startGateway(config: GatewayConfig = readConfig()): Promise<Gateway> {
  const production = config.NODE_ENV === 'production';
  const identityKey = identityJwk('private', config.IDENTITY_PRIVATE_KEY, { production });
  await assertNotDevelopmentKey(identityKey, { production, setting: 'IDENTITY_PRIVATE_KEY' });
  const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const keys = createIssuerKeys({
    issuer: config.OIDC_ISSUER,
    cooldownMs: config.JWKS_COOLDOWN_MS,
    cacheMaxAgeMs: config.JWKS_CACHE_MAX_AGE_MS,
    timeoutMs: config.JWKS_TIMEOUT_MS,
    logger,
  });
  const verifyAccessToken = createAccessTokenVerifier(
    keys.getKey,
    {
      issuer: config.OIDC_ISSUER,
      audience: config.OIDC_AUDIENCE,
      algorithms: config.OIDC_ALGORITHMS,
      clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_SECONDS,
      maxTokenAgeSeconds: MAX_TOKEN_AGE_SECONDS,
      retryAfterSeconds: config.RETRY_AFTER_SECONDS,
      verifiedCacheSeconds: config.TOKEN_CACHE_SECONDS,
    },
    commissionRule(config.COMMISSION_EMAILS),
  );
  const services: Partial<Record<ServiceName, ServiceClient>> = {};
  for (const [name, baseUrl] of Object.entries(serviceUrls(config)) as [ServiceName, string | undefined][]) {
    if (!baseUrl) continue;
    services[name] = createServiceClient({
      name,
      baseUrl,
      timeoutMs: config.SERVICE_TIMEOUT_MS,
      maxSockets: config.SERVICE_MAX_SOCKETS,
      retryAfterSeconds: config.RETRY_AFTER_SECONDS,
    });
  }
  const signIdentity = createIdentitySigner(identityKey);
  const gateway = await startService({
    name: 'gateway',
    config,
    logger,
    http: () => ({
      first: [securityHeaders(production)],
      queryParser: false, // the services parse their own query strings
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      readiness: {
        'identity-provider': () => keys.isReady(),
        ...Object.fromEntries(
          SERVICES.filter((s) => services[s]).map((s) => [s, () => services[s]!.isAlive()]),
        ),
      },
      routes: gatewayRoutes({
        verifyAccessToken,
        services,
        identityToken: cachedIdentityTokens(signIdentity, {
          ttlSeconds: IDENTITY_TTL_SECONDS,
          minRemainingSeconds: IDENTITY_TTL_SECONDS / 2,
          maxEntries: 10_000,
        }),
        bodyLimits: {
          json: config.BODY_LIMIT,
          upload: config.UPLOAD_BODY_LIMIT,
          multipart: config.MESSAGE_BODY_LIMIT,
        },
        retryAfterSeconds: config.RETRY_AFTER_SECONDS,
        rateLimits: {
          windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
          perUser: config.RATE_LIMIT_PER_USER,
          perAddress: config.RATE_LIMIT_PER_ADDRESS,
        },
        openApiDocument: buildOpenApiDocument({ issuer: config.OIDC_ISSUER, version: '1.0.0' }),
      }),
    }),
    onStop: () => {
      for (const client of Object.values(services)) client.close();
    },
  });
  gateway.logger.info(
    {
      issuer: config.OIDC_ISSUER,
      services: Object.fromEntries(
        Object.keys(services).map((k) => [k, serviceUrls(config)[k as ServiceName]]),
      ),
    },
    'gateway routes',
  );
  return gateway;
}

if (require.main === module) runAsMain('gateway', () => startGateway());
