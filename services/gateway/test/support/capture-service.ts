import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CaptureService {
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server standing in for a service that does not exist yet: it records what the
 * gateway sends and answers `{ service, method, url }`. With `hang`, it never answers.
 */
export async function startCaptureService(
  name: string,
  options: { hang?: boolean } = {},
): Promise<CaptureService> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (options.hang) return;
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-powered-by': 'capture', 'x-service': name })
        .end(JSON.stringify({ service: name, method: req.method, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
