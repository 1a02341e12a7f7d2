import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import { notFoundHandler, problemErrorHandler } from '@lmp/errors';
import { createMetrics, healthRoutes, requestContext, type ReadinessCheck } from '@lmp/http';
import type { Logger } from '@lmp/logger';
import type { AccessTokenVerifier } from '../../domain/access-token-verifier';
import { authenticate } from './authenticate.middleware';
import { docsRoutes } from './docs.routes';
import { proxyRoutes, type ProxyDeps } from './proxy.routes';
import { rateLimits, type RateLimitSettings } from './rate-limit.middleware';

export interface AppDeps extends ProxyDeps {
  logger: Logger;
  verifyAccessToken: AccessTokenVerifier;
  rateLimits: RateLimitSettings;
  readiness: Record<string, ReadinessCheck>;
  openApiDocument: object;
  trustProxy: boolean | number | string;
  /** Production asks browsers to upgrade to https; development serves plain http on localhost. */
  production: boolean;
}

/** The gateway: security headers, request ids, health, the OpenAPI document, then /api/v1 behind sign-in. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const metrics = createMetrics('gateway');
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', false); // the services parse their own query strings
  app.set('trust proxy', deps.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: deps.production ? [] : null } },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    }),
  );
  app.use(requestContext());
  app.use(metrics.middleware);
  app.use(healthRoutes(deps.readiness));
  app.get('/metrics', metrics.handler);

  const openApiJson = JSON.stringify(deps.openApiDocument);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.type('json').send(openApiJson);
  });
  app.use('/api/docs', docsRoutes());

  const limits = rateLimits(deps.rateLimits);
  const api = Router();
  api.use(limits.byAddress, authenticate(deps.verifyAccessToken, 'lmp'), limits.byUser);
  api.use(proxyRoutes(deps));
  app.use('/api/v1', api);

  app.use(notFoundHandler);
  app.use(problemErrorHandler(deps.logger));
  return app;
}
