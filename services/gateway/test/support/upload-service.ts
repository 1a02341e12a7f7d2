import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the stand-in service takes a request: `read` reads the whole body and answers 200 with its
 * size and SHA-256; `early` answers 404 problem+json on the headers, before reading anything (as
 * messaging does for another company's licence), then counts what still arrives; `reset` drops
 * the connection on the headers; `stall` neither reads nor answers (a service that hangs).
 */
export type UploadServiceMode = 'read' | 'early' | 'reset' | 'stall';

export interface ReceivedUpload {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Bytes of body that arrived. */
  bytes: number;
  sha256: string;
  /** The body arrived whole. */
  complete: boolean;
  /** The connection closed before the body was whole: the gateway aborted the request. */
  aborted: boolean;
}

export interface UploadService {
  url: string;
  mode: UploadServiceMode;
  received: ReceivedUpload[];
  close(): Promise<void>;
}

/** A real HTTP server standing in for a service that takes files, to see what the gateway sends it. */
export async function startUploadService(): Promise<UploadService> {
  const service: UploadService = {
    url: '',
    mode: 'read',
    received: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const upload: ReceivedUpload = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      bytes: 0,
      sha256: '',
      complete: false,
      aborted: false,
    };
    service.received.push(upload);
    const hash = createHash('sha256');
    req.on('data', (chunk: Buffer) => {
      upload.bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      upload.complete = true;
      upload.sha256 = hash.digest('hex');
      if (service.mode === 'read')
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ bytes: upload.bytes, sha256: upload.sha256 }));
    });
    // The connection's close, not the request's: once answered early, a request is no longer
    // closed with its connection.
    req.socket.once('close', () => {
      upload.aborted = !upload.complete;
    });
    if (service.mode === 'early')
      res
        .writeHead(404, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ status: 404, code: 'RESOURCE.NOT_FOUND', detail: 'No such licence' }));
    if (service.mode === 'reset') req.socket.destroy();
    if (service.mode === 'stall') req.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return service;
}
