import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  /** Where requests go; set once the server behind is listening. */
  target: string | undefined;
  /** How many requests for this path have arrived (forwarded or not). */
  count(pathname: string): number;
  close(): Promise<void>;
}

/**
 * A transparent HTTP proxy that counts requests per path, put in front of the development issuer
 * so a test can see how often the gateway fetches the key set. When the server behind is down,
 * the connection is dropped, as the gateway would see the issuer itself.
 */
export async function startCountingProxy(): Promise<CountingProxy> {
  const counts = new Map<string, number>();
  const proxy: CountingProxy = {
    url: '',
    target: undefined,
    count: (pathname) => counts.get(pathname) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://proxy').pathname;
    counts.set(pathname, proxy.count(pathname) + 1);
    if (!proxy.target) return res.destroy();
    const upstream = request(
      new URL(req.url ?? '/', proxy.target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
