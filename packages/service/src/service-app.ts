import express, { type Express, type RequestHandler, type Router } from 'express';
import { notFoundHandler, problemErrorHandler, type ProblemTypes } from '@lmp/errors';
import { createMetrics, healthRoutes, requestContext, type ReadinessCheck } from '@lmp/http';
import type { Logger } from '@lmp/logger';

export interface ServiceAppOptions {
  name: string;
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** The service's routes, mounted after the shared middleware and before the error handler. */
  routes: Router | RequestHandler | (Router | RequestHandler)[];
  /** The service's own error codes (the platform's are always known). */
  problemTypes?: ProblemTypes;
  /** Express's query parser: 'simple' (flat strings) by default; false leaves the query unparsed. */
  queryParser?: 'simple' | false;
  trustProxy?: boolean | number | string;
  /** Middleware that must run before everything else (security headers). */
  first?: RequestHandler[];
}

export interface ServiceApp {
  app: Express;
  /** Prometheus metrics of this app, for the metrics listener. */
  metricsHandler: RequestHandler;
}

/**
 * The Express app every service shares: request context (request id on every log line), request
 * metrics, /healthz and /readyz, the service's routes, then 404 and the one problem+json error
 * handler.
 */
export function createServiceApp(options: ServiceAppOptions): ServiceApp {
  const app = express();
  const metrics = createMetrics(options.name);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', options.queryParser ?? 'simple');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  for (const middleware of options.first ?? []) app.use(middleware);
  app.use(requestContext());
  app.use(metrics.middleware);
  app.use(healthRoutes(options.readiness));
  app.use(...[options.routes].flat());
  app.use(notFoundHandler);
  app.use(problemErrorHandler(options.logger, { problemTypes: options.problemTypes }));
  return { app, metricsHandler: metrics.handler };
}
