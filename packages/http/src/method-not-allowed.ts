import type { RequestHandler, Response, Router } from 'express';
import { AppError } from '@lmp/errors';

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const rank = (method: string) => (ORDER.includes(method) ? ORDER.indexOf(method) : ORDER.length);

/** The methods a path answers, upper case in a fixed order; HEAD wherever GET is (Express answers both). */
export function allowedMethods(methods: Iterable<string>): string[] {
  const set = new Set([...methods].map((m) => m.toUpperCase()));
  if (set.has('GET')) set.add('HEAD');
  return [...set].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Sets `Allow` and returns the 405 to pass on: the path exists, the method does not. */
export function methodNotAllowedError(res: Response, methods: Iterable<string>, method: string): AppError {
  const allow = allowedMethods(methods);
  res.setHeader('Allow', allow.join(', '));
  return new AppError('HTTP.METHOD_NOT_ALLOWED', `${method} is not supported here; use ${allow.join(', ')}`);
}

interface RouteLayer {
  route?: { methods?: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * Mounted last in a router (`router.use(methodNotAllowed(router))`): a request whose path one of
 * the router's routes knows, with a method none of them takes, is 405 with `Allow` instead of a
 * 404. Paths no route knows pass on to the next router (and in the end 404).
 */
export function methodNotAllowed(router: Router): RequestHandler {
  return (req, res, next) => {
    const methods = new Set<string>();
    for (const layer of router.stack as unknown as RouteLayer[]) {
      if (!layer.route) continue;
      let matched: unknown;
      try {
        matched = layer.match(req.path);
      } catch {
        matched = false; // a path Express cannot decode already failed with 400 on the way here
      }
      if (!matched) continue;
      for (const [method, on] of Object.entries(layer.route.methods ?? {})) {
        if (on) methods.add(method === '_all' ? '*' : method);
      }
    }
    const allowed = allowedMethods(methods);
    if (allowed.length === 0 || allowed.includes('*') || allowed.includes(req.method)) {
      next();
      return;
    }
    next(methodNotAllowedError(res, allowed, req.method));
  };
}
