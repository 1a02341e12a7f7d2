import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Security headers on every answer; production asks browsers to upgrade to https. */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: production ? [] : null } },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
}
