import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import { AppError } from '@lmp/errors';
import { pumpBody, type StreamedBody } from './streamed-body';

export type { StreamedBody } from './streamed-body';

export interface ServiceClientOptions {
  name: string;
  baseUrl: string;
  /** No response (or no bytes of it) for this long: the service counts as down. */
  timeoutMs: number;
  maxSockets: number;
  retryAfterSeconds: number;
}

export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/licences?status=pending`. */
  path: string;
  headers: OutgoingHttpHeaders;
  /** Read whole before (may be sent twice), or streamed (sent once: never retried). */
  body?: Buffer | StreamedBody;
}

export interface ServiceClient {
  name: string;
  /**
   * Sends the request and streams the service's answer into `res`. Rejects with a 503
   * DEPENDENCY.UNAVAILABLE when the service cannot be reached or does not answer in time, and
   * with a 413 when a streamed body passes its limit before the service answered; once the
   * answer has started, a failure only cuts the response short. The service may answer before
   * a streamed body is complete (a 404 or 503 it decides on the headers): that answer goes to the
   * client at once and the rest of the body is read and dropped.
   */
  forward(request: UpstreamRequest, res: ServerResponse): Promise<void>;
  /** The service's /healthz answers 200. */
  isAlive(): Promise<boolean>;
  close(): void;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-powered-by',
]);

/** 413: the body passed the route's limit (read whole here, or on its way to the service). */
export const payloadTooLarge = (limit: number) =>
  new AppError('HTTP.PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${limit} bytes`);

/** A keep-alive connection pool to one service, and a streaming proxy over it. */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const base = new URL(options.baseUrl);
  const transport = base.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' });
  const target = {
    protocol: base.protocol,
    hostname: base.hostname.replace(/^\[|\]$/g, ''),
    port: base.port || undefined,
    agent,
  };
  const prefix = base.pathname.replace(/\/$/, '');

  const unavailable = (cause: unknown) =>
    new AppError('DEPENDENCY.UNAVAILABLE', `The ${options.name} service is unavailable; try again shortly`, {
      cause,
      retryAfter: options.retryAfterSeconds,
    });

  function forward(request: UpstreamRequest, res: ServerResponse): Promise<void> {
    const streamed = request.body && !Buffer.isBuffer(request.body) ? request.body : undefined;
    // A reused keep-alive socket the service closed at the same moment fails with ECONNRESET
    // before the request reached it: safe to send once more when repeating cannot double an
    // effect, and when the body can be sent again (a streamed one is gone once read).
    const retryable =
      !streamed &&
      (request.method === 'GET' ||
        request.method === 'HEAD' ||
        request.headers['idempotency-key'] !== undefined);
    // The client left while the request was being prepared: there is nothing to send.
    if (streamed && (streamed.source.readableAborted || res.destroyed)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const attempt = (mayRetry: boolean) => {
        const upstream = transport.request({
          ...target,
          method: request.method,
          path: prefix + request.path,
          headers: request.headers,
          // A streamed body arms the timeout itself: a client that is slow to send is not a service
          // that does not answer.
          ...(!streamed && { timeout: options.timeoutMs }),
        });
        let answered = false;
        let refused = false;
        const abandon = () => {
          // The client left, or had its answer while the service still waits for the rest of a
          // body it will not get: the connection cannot be reused either way.
          if (!res.writableFinished || (streamed && !upstream.writableFinished)) upstream.destroy();
        };
        res.once('close', abandon);
        upstream.on('timeout', () =>
          upstream.destroy(new Error(`no answer from ${options.name} within ${options.timeoutMs} ms`)),
        );
        upstream.on('response', (answer) => {
          answered = true;
          if (pump) {
            pump.stop();
            upstream.setTimeout(options.timeoutMs);
          }
          res.statusCode = answer.statusCode ?? 502;
          copyHeaders(answer.headers, res);
          // pipe, not pipeline: pipeline builds an AbortController (and a DOMException) per call.
          answer.pipe(res);
          answer.once('close', resolve);
          answer.once('error', (error) => {
            res.destroy(error);
            resolve();
          });
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          res.off('close', abandon);
          pump?.stop();
          if (refused) return;
          if (answered) {
            // Cut short only an answer still being written; a complete one stays as it is.
            if (!res.writableFinished) res.destroy(error);
            resolve();
          } else if (res.destroyed || streamed?.source.readableAborted) {
            // The client is gone: nobody to answer, nothing to send again.
            resolve();
          } else if (mayRetry && upstream.reusedSocket && error.code === 'ECONNRESET') {
            attempt(false);
          } else {
            reject(unavailable(error));
          }
        });
        if (!streamed) upstream.end(request.body);
        const pump =
          streamed &&
          pumpBody(streamed, upstream, options.timeoutMs, {
            overLimit() {
              refused = true;
              upstream.destroy();
              reject(payloadTooLarge(streamed.limit));
            },
            stalled() {
              upstream.destroy(new Error(`${options.name} took no bytes for ${options.timeoutMs} ms`));
            },
            sent() {
              upstream.setTimeout(options.timeoutMs);
            },
          });
      };
      attempt(retryable);
    });
  }

  function isAlive(): Promise<boolean> {
    return new Promise((resolve) => {
      const probe = transport.request(
        { ...target, method: 'GET', path: `${prefix}/healthz`, timeout: 2000 },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode === 200);
        },
      );
      probe.on('timeout', () => probe.destroy(new Error('timeout')));
      probe.on('error', () => resolve(false));
      probe.end();
    });
  }

  return { name: options.name, forward, isAlive, close: () => agent.destroy() };
}

function copyHeaders(from: IncomingHttpHeaders, res: ServerResponse): void {
  for (const name in from) {
    const value = from[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
  }
}
