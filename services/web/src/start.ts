import { createLogger } from '@lmp/logger';
import { createPool, runAsMain, startService, usePlatformTypeParsers, type RunningService } from '@lmp/service';
import { securityHeaders } from './app/security-headers';
import { webRoutes } from './app/web-routes';
import { readConfig, secureCookies, type WebConfig } from './config';
import { startSessionCleanup } from './entry-points/jobs/session-cleanup.job';
import { createEuLoginClient } from './infrastructure/eu-login.client';
import { createWhoAmI } from './infrastructure/who-am-i';

export const SCHEMA = 'web';

/**
 * The web pages: the kit without a bus (the web service publishes and consumes no events), its
 * own pool for the sessions, and every page calling the gateway with the signed-in user's token.
 */
export async function startWebService(config: WebConfig = readConfig()): Promise<RunningService> {
  const logger = createLogger({ name: 'web', level: config.LOG_LEVEL });
  usePlatformTypeParsers();
  const db = createPool({
    url: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    schema: SCHEMA,
    service: 'web',
    logger,
  });
  const publicUrl = config.PUBLIC_URL.replace(/\/+$/, '');
  const euLogin = createEuLoginClient({
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/`,
  });
  const deps = {
    sessions: {
      db,
      euLogin,
      whoAmI: createWhoAmI(config.GATEWAY_URL),
      sessionTtlMs: config.SESSION_TTL_MINUTES * 60 * 1000,
    },
    gatewayUrl: config.GATEWAY_URL,
    secureCookies: secureCookies(config),
    logger,
  };
  let cleanup: { stop(): void } | undefined;
  try {
    const service = await startService({
      name: 'web',
      config,
      logger,
      http: () => ({
        routes: webRoutes(deps, { publicUrl }),
        first: [securityHeaders({ issuerOrigin: euLogin.issuerOrigin, hsts: config.NODE_ENV === 'production' })],
        readiness: { database: async () => (await db.query('SELECT 1')).rowCount === 1 },
        ...(config.TRUST_PROXY !== undefined && { trustProxy: trustProxyOf(config.TRUST_PROXY) }),
      }),
      onStop: async () => {
        cleanup?.stop();
        await db.end();
      },
    });
    cleanup = startSessionCleanup(db, logger);
    return service;
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
}

function trustProxyOf(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

if (require.main === module) runAsMain('web', () => startWebService());
