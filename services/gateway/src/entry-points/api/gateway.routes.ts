import { Router } from 'express';
import type { AccessTokenVerifier } from '../../domain/access-token-verifier';
import { authenticate } from './authenticate.middleware';
import { docsRoutes } from './docs.routes';
import { proxyRoutes, type ProxyDeps } from './proxy.routes';
import { rateLimits, type RateLimitSettings } from './rate-limit.middleware';

export interface GatewayRoutesDeps extends ProxyDeps {
  verifyAccessToken: AccessTokenVerifier;
  rateLimits: RateLimitSettings;
  openApiDocument: object;
}

/** The OpenAPI document and its viewer, then /api/v1 behind rate limits and sign-in. */
export function gatewayRoutes(deps: GatewayRoutesDeps): Router {
  const router = Router();
  const openApiJson = JSON.stringify(deps.openApiDocument);
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.type('json').send(openApiJson);
  });
  router.use('/api/docs', docsRoutes());

  const limits = rateLimits(deps.rateLimits);
  const api = Router();
  api.use(limits.byAddress);
  // The few routes that need no sign-in (the one-click unsubscribe link of an e-mail).
  api.use(proxyRoutes(deps, 'public'));
  api.use(authenticate(deps.verifyAccessToken, 'lmp'), limits.byUser);
  api.use(proxyRoutes(deps));
  router.use('/api/v1', api);
  return router;
}
