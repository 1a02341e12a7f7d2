import type { Request, RequestHandler } from 'express';
import { AppError } from '@lmp/errors';
import { assertJsonDepth, assertUtf8Json, DEFAULT_JSON_MAX_DEPTH } from '@lmp/http';
import { payloadTooLarge } from '../../data-access/service-client';
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

/**
 * How the gateway takes a body: `buffer` reads it whole and checks it (JSON), `stream` sends it
 * on to the service as it arrives, counting bytes (files), so no upload is ever held here.
 */
export interface BodyPlan {
  mode: 'buffer' | 'stream';
  /** Bytes. */
  limit: number;
}

const JSON_SET = new Set(JSON_TYPES);

/**
 * Per route kind and media type. JSON is buffered: the gateway parses it (400 before a service
 * sees it), and its limit is the service's own JSON limit — rows on the import-like routes (as
 * large as the file they stand for), BODY_LIMIT elsewhere, messages included (messaging reads
 * JSON up to 256 kB; only its multipart form carries files). Files stream: multipart messages up
 * to MESSAGE_BODY_LIMIT, CSV/XLSX up to UPLOAD_BODY_LIMIT. The one-click unsubscribe form is
 * buffered whatever its type: it is small, and a route without sign-in must not hold a
 * connection to a service open for as long as an anonymous client takes to send.
 */
export function bodyPlanFor(kind: BodyKind, type: string, limits: BodyLimits): BodyPlan {
  switch (kind) {
    case 'json':
    case 'form':
      return { mode: 'buffer', limit: limits.json };
    case 'json-or-multipart':
      return JSON_SET.has(type)
        ? { mode: 'buffer', limit: limits.json }
        : { mode: 'stream', limit: limits.multipart };
    case 'upload':
    case 'json-or-upload':
      return { mode: JSON_SET.has(type) ? 'buffer' : 'stream', limit: limits.upload };
  }
}

const streamedBodies = new WeakMap<Request, number>();

/** The limit of a body left unread for the service client to stream; undefined when buffered (or none). */
export function streamedBodyLimit(req: Request): number | undefined {
  return streamedBodies.get(req);
}

function mediaType(req: Request): string {
  const header = req.headers['content-type'] ?? '';
  const semicolon = header.indexOf(';');
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * The request body, forwarded as it came (never re-serialised): a type the route does not take is
 * 415 before anything is read, and so is a compressed body (refused rather than inflated here); a
 * declared Content-Length over the limit is 413 before anything is read. A body to stream is left
 * unread (streamedBodyLimit): the service client counts it on its way. A buffered body over the
 * limit is 413 once the limit is passed; JSON gets the checks every service's parser makes, so no
 * service sees what it would refuse: UTF-8 only (415), nesting bounded (400, counted on the bytes
 * before parsing), and it must parse (400).
 */
export function requestBody(kind: BodyKind, limits: BodyLimits): RequestHandler {
  const types = new Set(BODY_TYPES[kind]);
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
    const { mode, limit } = bodyPlanFor(kind, type, limits);
    if (declared !== undefined && Number(declared) > limit) {
      // Read and dropped, so the client can read the answer and keep its connection.
      req.resume();
      next(payloadTooLarge(limit));
      return;
    }
    if (mode === 'stream') {
      req.body = undefined;
      streamedBodies.set(req, limit);
      next();
      return;
    }
    readWhole(req, limit, (error, body) => {
      if (error || !body) return next(error);
      if (JSON_SET.has(type)) {
        try {
          assertJsonDepth(body, maxDepth);
        } catch (depthError) {
          next(depthError);
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

/** The whole body, or 413 as soon as it passes `limit` (the rest is read and dropped). */
function readWhole(req: Request, limit: number, done: (error: unknown, body?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > limit) {
      failed = true;
      done(payloadTooLarge(limit));
      return;
    }
    chunks.push(chunk);
  });
  req.once('error', (error) => {
    if (!failed) done(error);
    failed = true;
  });
  req.once('end', () => {
    if (failed) return;
    done(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
}
