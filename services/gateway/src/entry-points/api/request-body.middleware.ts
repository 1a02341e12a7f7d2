import express, { type RequestHandler } from 'express';
import { AppError } from '@lmp/errors';
import { BODY_TYPES, JSON_TYPES, type BodyKind } from '../../domain/route-table';

export interface BodyLimits {
  json: string;
  upload: string;
}

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/**
 * The request body, read once into a buffer and forwarded as it came (never re-serialised):
 * a type the route does not take is 415 before anything is read, a body over the limit 413
 * (from Content-Length alone when it says so), JSON that does not parse 400.
 */
export function requestBody(kind: BodyKind, limits: BodyLimits): RequestHandler {
  const types = BODY_TYPES[kind];
  const read = express.raw({ type: () => true, limit: kind === 'upload' ? limits.upload : limits.json });
  return (req, res, next) => {
    if (!hasBody(req.headers)) {
      req.body = undefined;
      next();
      return;
    }
    if (!req.is(types)) {
      next(new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', `Send the body as ${types.join(' or ')}`));
      return;
    }
    read(req, res, (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      if (req.is(JSON_TYPES)) {
        try {
          JSON.parse((req.body as Buffer).toString('utf8'));
        } catch {
          next(new AppError('HTTP.MALFORMED_JSON', 'The request body is not valid JSON'));
          return;
        }
      }
      next();
    });
  };
}
