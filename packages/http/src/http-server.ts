import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { answerClientError } from './client-error';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /**
   * Stops accepting connections and waits for in-flight requests to finish. Keep-alive
   * connections are closed as soon as they fall idle (a busy one would otherwise hold the close
   * for the whole keep-alive timeout); after `timeoutMs` whatever is left is cut.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export async function startHttpServer(app: Express, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // The whole request, body included: an operator's 50 MB of evidence files over a slow line must
  // fit (5 minutes is ~1.4 Mbit/s). Bodies stream (gateway) or are capped (messaging's upload
  // cap), so a slow client costs a connection, not memory; headers still have headersTimeout.
  server.requestTimeout = 300_000;
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: ({ timeoutMs = 10_000 } = {}) =>
      new Promise<void>((resolve) => {
        // Answers still being written tell the client to drop the connection afterwards.
        server.on('request', (_req, res) => res.setHeader('Connection', 'close'));
        const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearInterval(idleSweep);
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
