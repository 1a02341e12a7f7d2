import type { Request, RequestHandler } from 'express';
import { AppError } from '@lmp/errors';
import { assertJsonDepth, assertUtf8Json, DEFAULT_JSON_MAX_DEPTH } from '@lmp/http';
import { BODY_TYPES, JSON_TYPES, type BodyKind } from '../../domain/route-table';

export interface BodyLimits {
  /** Bytes. */
  json: number;
  upload: number;
  /** A message with its attachments (multipart/form-data): up to 5 files of 10 MB. */
  multipart: number;
  /** How deep a JSON body may nest arrays and objects (default DEFAULT_JSON_MAX_DEPTH). */
  jsonDepth?: number;
}

const JSON_SET = new Set(JSON_TYPES);

function mediaType(req: Request): string {
  const header = req.headers['content-type'] ?? '';
  const semicolon = header.indexOf(';');
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

const tooLarge = (limit: number) =>
  new AppError('HTTP.PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${limit} bytes`);

/**
 * The request body, read once into a buffer and forwarded as it came (never re-serialised):
 * a type the route does not take is 415 before anything is read, a body over the limit 413
 * (from Content-Length alone when it says so, else once the limit is passed), JSON that does not
 * parse 400. A compressed request body is refused (415) rather than inflated here. JSON gets the
 * checks every service's parser makes, so no service sees what it would refuse: UTF-8 only (415)
 * and nesting bounded (400, counted on the bytes before parsing).
 */
export function requestBody(kind: BodyKind, limits: BodyLimits): RequestHandler {
  const types = new Set(BODY_TYPES[kind]);
  // A route that takes files gets the upload limit whatever the body: a JSON body of rows can be
  // as large as the file it stands for.
  const limit =
    kind === 'json' || kind === 'form'
      ? limits.json
      : kind === 'json-or-multipart'
        ? limits.multipart
        : limits.upload;
  const maxDepth = limits.jsonDepth ?? DEFAULT_JSON_MAX_DEPTH;
  return (req, _res, next) => {
    const declared = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!chunked && (declared === undefined || declared === '0')) {
      req.body = undefined;
      next();
      return;
    }
    const type = mediaType(req);
    const encoding = req.headers['content-encoding'];
    if (!types.has(type) || (encoding !== undefined && encoding !== 'identity')) {
      next(new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', `Send the body as ${[...types].join(' or ')}`));
      return;
    }
    if (JSON_SET.has(type)) {
      try {
        assertUtf8Json(req.headers['content-type']);
      } catch (error) {
        next(error);
        return;
      }
    }
    if (declared !== undefined && Number(declared) > limit) {
      req.resume();
      next(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        next(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', (error) => {
      if (!failed) next(error);
      failed = true;
    });
    req.once('end', () => {
      if (failed) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      if (JSON_SET.has(type)) {
        try {
          assertJsonDepth(body, maxDepth);
        } catch (error) {
          next(error);
          return;
        }
        try {
          // A leading byte-order mark is allowed, as the services' own JSON parser allows it.
          JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
        } catch {
          next(new AppError('HTTP.MALFORMED_JSON', 'The request body is not valid JSON'));
          return;
        }
      }
      req.body = body;
      next();
    });
  };
}
