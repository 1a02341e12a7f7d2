import type { RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

const routeLabels = new WeakMap<Response, string>();

/**
 * For a request routed without an Express route (the gateway finds its rule itself): the route
 * pattern its metrics are labelled with, in place of Express's `req.route`.
 */
export function labelRoute(res: Response, route: string): void {
  routeLabels.set(res, route);
}

/** A Prometheus registry per process, with Node's default metrics and HTTP request durations. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL, so ids do not explode the label space.
      const pattern = req.route?.path as string | undefined;
      const route =
        pattern === undefined ? (routeLabels.get(res) ?? 'unmatched') : `${req.baseUrl}${pattern}`;
      end({ method: req.method, route, status: res.statusCode });
    });
    next();
  };
  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
  return { registry, middleware, handler };
}
