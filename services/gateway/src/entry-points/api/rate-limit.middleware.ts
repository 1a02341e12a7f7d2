import type { Request, RequestHandler } from 'express';
import { rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { AppError } from '@lmp/errors';
import { identityOf } from './authenticate.middleware';

export interface RateLimitSettings {
  windowSeconds: number;
  perUser: number;
  perAddress: number;
}

/**
 * Two fixed windows: per client address (before sign-in is checked, so a flood of bad tokens is
 * cut off cheaply) and per signed-in person. Over either: 429 problem+json with Retry-After.
 * Counters live in this process: with several replicas each counts on its own, so the effective
 * limit is the setting times the replicas behind the load balancer.
 */
export function rateLimits(settings: RateLimitSettings): {
  byAddress: RequestHandler;
  byUser: RequestHandler;
} {
  const windowMs = settings.windowSeconds * 1000;
  const handler: Options['handler'] = (req, _res, next, options) => {
    const info = (req as Request & Record<string, RateLimitInfo | undefined>)[options.requestPropertyName];
    const resetIn = info?.resetTime
      ? Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)
      : settings.windowSeconds;
    next(
      new AppError('RATE_LIMITED', 'Too many requests; retry after the number of seconds in Retry-After', {
        retryAfter: Math.max(1, resetIn),
      }),
    );
  };
  const common = { windowMs, handler, legacyHeaders: false } as const;
  return {
    byAddress: rateLimit({
      ...common,
      limit: settings.perAddress,
      standardHeaders: false,
      requestPropertyName: 'rateLimitByAddress',
    }),
    byUser: rateLimit({
      ...common,
      limit: settings.perUser,
      standardHeaders: 'draft-8',
      identifier: 'per-user',
      requestPropertyName: 'rateLimitByUser',
      keyGenerator: (req) => `user:${identityOf(req).subject}`,
    }),
  };
}
