import express, { type RequestHandler } from 'express';
import { AppError } from '@lmp/errors';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/problem+json'];

/**
 * JSON bodies only, up to a size limit: a body of another type is 415, malformed JSON 400 and a
 * body over the limit 413 (mapped by the error handler), never a 500.
 */
export function jsonBody(options: { limit?: string } = {}): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(JSON_TYPES)) {
      next(new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit: options.limit ?? '256kb', type: JSON_TYPES, strict: true })];
}
