import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import { AppError } from '@lmp/errors';

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
  body?: Buffer;
}

export interface ServiceClient {
  name: string;
  /**
   * Sends the request and streams the service's answer into `res`. Rejects with a 503
   * DEPENDENCY.UNAVAILABLE when the service cannot be reached or does not answer in time;
   * once the answer has started, a failure only cuts the response short.
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
    // A reused keep-alive socket the service closed at the same moment fails with ECONNRESET
    // before the request reached it: safe to send once more when repeating cannot double an effect.
    const retryable =
      request.method === 'GET' ||
      request.method === 'HEAD' ||
      request.headers['idempotency-key'] !== undefined;
    return new Promise<void>((resolve, reject) => {
      const attempt = (mayRetry: boolean) => {
        const upstream = transport.request({
          ...target,
          method: request.method,
          path: prefix + request.path,
          headers: request.headers,
          timeout: options.timeoutMs,
        });
        let answered = false;
        const abandon = () => {
          if (!res.writableFinished) upstream.destroy();
        };
        res.once('close', abandon);
        upstream.on('timeout', () =>
          upstream.destroy(new Error(`no answer from ${options.name} within ${options.timeoutMs} ms`)),
        );
        upstream.on('response', (answer) => {
          answered = true;
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
          if (answered) {
            res.destroy(error);
            resolve();
          } else if (mayRetry && upstream.reusedSocket && error.code === 'ECONNRESET') {
            attempt(false);
          } else if (res.destroyed) {
            resolve();
          } else {
            reject(unavailable(error));
          }
        });
        upstream.end(request.body);
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
