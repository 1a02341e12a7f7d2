import { createIdentitySigner, IDENTITY_TTL_SECONDS, identityJwk } from '@lmp/auth';
import { startHttpServer } from '@lmp/http';
import { createLogger } from '@lmp/logger';
import { readConfig, trustProxySetting, type GatewayConfig } from './config';
import { createIssuerKeys } from './data-access/issuer-keys';
import { createServiceClient, type ServiceClient } from './data-access/service-client';
import { createAccessTokenVerifier } from './domain/access-token-verifier';
import { commissionRule } from './domain/commission-rule';
import { cachedIdentityTokens } from './domain/identity-token-cache';
import { buildOpenApiDocument } from './domain/openapi/openapi-document';
import { SERVICES, type ServiceName } from './domain/route-table';
import { createApp } from './entry-points/api/app';

export interface Gateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

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
  const signIdentity = createIdentitySigner(identityJwk('private', config.IDENTITY_PRIVATE_KEY));
  const app = createApp({
    logger,
    verifyAccessToken,
    services,
    identityToken: cachedIdentityTokens(signIdentity, {
      ttlSeconds: IDENTITY_TTL_SECONDS,
      minRemainingSeconds: IDENTITY_TTL_SECONDS / 2,
      maxEntries: 10_000,
    }),
    bodyLimits: { json: config.BODY_LIMIT, upload: config.UPLOAD_BODY_LIMIT },
    retryAfterSeconds: config.RETRY_AFTER_SECONDS,
    rateLimits: {
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      perUser: config.RATE_LIMIT_PER_USER,
      perAddress: config.RATE_LIMIT_PER_ADDRESS,
    },
    readiness: {
      'identity-provider': () => keys.isReady(),
      ...Object.fromEntries(
        SERVICES.filter((s) => services[s]).map((s) => [s, () => services[s]!.isAlive()]),
      ),
    },
    openApiDocument: buildOpenApiDocument({ issuer: config.OIDC_ISSUER, version: '1.0.0' }),
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    production: config.NODE_ENV === 'production',
  });
  const server = await startHttpServer(app, config.PORT, config.HOST);
  logger.info(
    {
      port: server.port,
      issuer: config.OIDC_ISSUER,
      services: Object.fromEntries(
        Object.entries(services).map(([k]) => [k, serviceUrls(config)[k as ServiceName]]),
      ),
    },
    'gateway listening',
  );
  return {
    url: server.url,
    port: server.port,
    async stop() {
      await server.close();
      for (const client of Object.values(services)) client.close();
      logger.info('gateway stopped');
    },
  };
}

if (require.main === module) {
  const logger = createLogger({ name: 'gateway' });
  startGateway().then(
    (gateway) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        gateway.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    },
    (error: unknown) => {
      logger.fatal({ err: error }, 'gateway failed to start');
      process.exit(1);
    },
  );
}
