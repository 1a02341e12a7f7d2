import type { OutgoingHttpHeaders } from 'node:http';
import { Router, type Request, type RequestHandler } from 'express';
import { IDENTITY_HEADER } from '@lmp/auth';
import { AppError } from '@lmp/errors';
import { labelRoute } from '@lmp/http';
import type { ServiceClient, UpstreamRequest } from '../../data-access/service-client';
import type { IdentityTokenSource } from '../../domain/identity-token-cache';
import { routeFor, ROUTES, type RouteRule, type ServiceName } from '../../domain/route-table';
import { identityOf, requireRole } from './authenticate.middleware';
import { allowedMethod, decodablePath } from './request-target.middleware';
import { requestBody, streamedBodyLimit, type BodyLimits } from './request-body.middleware';

export interface ProxyDeps {
  services: Partial<Record<ServiceName, ServiceClient>>;
  identityToken: IdentityTokenSource;
  bodyLimits: BodyLimits;
  retryAfterSeconds: number;
}

/**
 * End-to-end headers a service may need. Everything else a client sends stays at the gateway —
 * above all `Authorization` and any `X-Lmp-*` identity header: the only identity a service sees
 * is the token the gateway signs.
 */
const FORWARDED_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'idempotency-key',
  // The name of an uploaded file (the EU Survey migration records it with its run).
  'x-file-name',
  'prefer',
  'user-agent',
];

/**
 * The /api/v1 routes of API.md, each to the service that owns it. The rule is found on the raw
 * path (routeFor), not by Express, which decodes parameters while it matches: so the role is
 * checked first, then the method (405 with Allow), then that the path decodes (400).
 */
export function proxyRoutes(deps: ProxyDeps, which: 'public' | 'signed-in' = 'signed-in'): Router {
  const handlers = new Map<RouteRule, Router>();
  for (const rule of ROUTES.filter((r) => (which === 'public') === (r.public === true))) {
    handlers.set(
      rule,
      Router().use(
        requireRole(rule.role),
        allowedMethod(rule),
        decodablePath,
        serviceAvailable(rule.service),
        requestBody(rule.body, deps.bodyLimits),
        forwardTo(rule),
      ),
    );
  }
  const router = Router();
  router.use((req, res, next) => {
    const rule = routeFor(req.path);
    if (!rule || !handlers.has(rule)) return next();
    labelRoute(res, `${req.baseUrl}${rule.path}`);
    handlers.get(rule)!(req, res, next);
  });
  return router;

  function serviceAvailable(service: ServiceName): RequestHandler {
    return (_req, _res, next) => {
      if (deps.services[service]) return next();
      next(
        new AppError('DEPENDENCY.UNAVAILABLE', `The ${service} service is not available yet`, {
          retryAfter: deps.retryAfterSeconds,
        }),
      );
    };
  }

  function forwardTo(rule: RouteRule): RequestHandler {
    return async (req, res) => {
      const client = deps.services[rule.service]!;
      const limit = streamedBodyLimit(req);
      // A file goes on as it arrives (the service's answer may come before its end); JSON was read.
      const body: UpstreamRequest['body'] =
        limit === undefined ? (req.body as Buffer | undefined) : { source: req, limit };
      const headers = await upstreamHeaders(req, String(res.getHeader('X-Request-Id')), rule, body);
      await client.forward({ method: req.method, path: req.originalUrl, headers, body }, res);
    };
  }

  async function upstreamHeaders(
    req: Request,
    requestId: string,
    rule: RouteRule,
    body: UpstreamRequest['body'],
  ): Promise<OutgoingHttpHeaders> {
    const headers: OutgoingHttpHeaders = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    if (Buffer.isBuffer(body)) headers['content-length'] = body.length;
    // A streamed body keeps the client's framing: its declared length, else chunks.
    else if (body && req.headers['content-length'] !== undefined)
      headers['content-length'] = req.headers['content-length'];
    else if (body) headers['transfer-encoding'] = 'chunked';
    // A token for this one service: the others refuse it. A public route has nobody to name.
    if (!rule.public) headers[IDENTITY_HEADER] = await deps.identityToken(identityOf(req), rule.service);
    headers['x-request-id'] = requestId;
    headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = req.protocol;
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
    return headers;
  }
}
