import express, { type Express } from 'express';
import { requireIdentity, type IdentityVerifier } from '@lmp/auth';
import type { OutboxNotifier } from '@lmp/bus';
import { notFoundHandler, problemErrorHandler } from '@lmp/errors';
import { createMetrics, healthRoutes, jsonBody, requestContext, type ReadinessCheck } from '@lmp/http';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import { resolveActorMiddleware } from './actor.middleware';
import { confirmationRoutes } from './confirmations.routes';
import { importRoutes } from './import.routes';
import { licenceRoutes } from './licences.routes';
import { meRoutes } from './me.routes';

export interface AppDeps {
  db: Db;
  verifyIdentity: IdentityVerifier;
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  outboxNotifier?: OutboxNotifier;
  exactTotalCap?: number;
}

/** The licences service's HTTP API (the gateway's /api/v1 routes for me, licences, confirmations). */
export function createApp({
  db,
  verifyIdentity,
  logger,
  readiness,
  outboxNotifier,
  exactTotalCap,
}: AppDeps): Express {
  const app = express();
  const metrics = createMetrics('licences');
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestContext());
  app.use(metrics.middleware);
  app.use(healthRoutes(readiness));
  app.get('/metrics', metrics.handler);
  const identify = [requireIdentity(verifyIdentity), resolveActorMiddleware(db)];
  const api = express.Router();
  // The import takes a raw CSV/XLSX body, so it comes before the JSON parser refuses that type.
  api.use(importRoutes(db, { identify, outboxNotifier }));
  api.use(jsonBody());
  api.use(identify);
  api.use(meRoutes(db), licenceRoutes(db, { outboxNotifier, exactTotalCap }), confirmationRoutes(db));
  app.use('/api/v1', api);
  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return app;
}
