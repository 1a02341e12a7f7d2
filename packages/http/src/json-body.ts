import express, { type RequestHandler } from 'express';
import { AppError } from '@lmp/errors';
import { assertJsonDepth, assertUtf8Json, DEFAULT_JSON_MAX_DEPTH } from './json-guards';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/problem+json'];

/**
 * JSON bodies only, up to a size limit: a body of another type or charset is 415, malformed JSON
 * 400, JSON nested deeper than `maxDepth` 400 (checked on the raw bytes, before parsing) and a
 * body over the limit 413 (mapped by the error handler), never a 500.
 */
export function jsonBody(options: { limit?: string; maxDepth?: number } = {}): RequestHandler[] {
  const maxDepth = options.maxDepth ?? DEFAULT_JSON_MAX_DEPTH;
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(JSON_TYPES)) {
      next(new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
      return;
    }
    if (hasBody) assertUtf8Json(req.headers['content-type']);
    next();
  };
  return [
    requireJson,
    express.json({
      limit: options.limit ?? '256kb',
      type: JSON_TYPES,
      strict: true,
      // Thrown here, the AppError reaches the error handler as it is (body-parser only tags it).
      verify: (_req, _res, body) => assertJsonDepth(body, maxDepth),
    }),
  ];
}
