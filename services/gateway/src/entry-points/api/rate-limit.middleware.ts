import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { AppError } from '@lmp/errors';
import { fixedWindowLimiter } from '../../domain/fixed-window-limiter';
import { identityOf } from './authenticate.middleware';

export interface RateLimitSettings {
  windowSeconds: number;
  perUser: number;
  perAddress: number;
}

/**
 * Two fixed windows: per client address (before sign-in is checked, so a flood of bad tokens is
 * cut off cheaply; IPv6 addresses count per /56 like a household or office) and per signed-in
 * person. Over either: 429 problem+json with Retry-After. The per-person window is announced in
 * `RateLimit` / `RateLimit-Policy` headers (IETF draft 8). Counters live in this process: with
 * several replicas each counts on its own, so the effective limit is the setting times the
 * replicas behind the load balancer.
 */
export function rateLimits(settings: RateLimitSettings): {
  byAddress: RequestHandler;
  byUser: RequestHandler;
} {
  const windowMs = settings.windowSeconds * 1000;
  const addresses = fixedWindowLimiter({ limit: settings.perAddress, windowMs });
  const users = fixedWindowLimiter({ limit: settings.perUser, windowMs });
  const policy = `"per-user";q=${settings.perUser};w=${settings.windowSeconds}`;
  const tooMany = (retryAfter: number) =>
    new AppError('RATE_LIMITED', 'Too many requests; retry after the number of seconds in Retry-After', {
      retryAfter,
    });
  return {
    byAddress: (req: Request, _res, next) => {
      const state = addresses(`ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56)}`);
      next(state.allowed ? undefined : tooMany(state.resetSeconds));
    },
    byUser: (req: Request, res, next) => {
      const state = users(`user:${identityOf(req).subject}`);
      res.setHeader('RateLimit-Policy', policy);
      res.setHeader('RateLimit', `"per-user";r=${state.remaining};t=${state.resetSeconds}`);
      next(state.allowed ? undefined : tooMany(state.resetSeconds));
    },
  };
}
