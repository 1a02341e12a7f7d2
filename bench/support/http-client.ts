import http from 'node:http';

/**
 * A lean HTTP/1.1 client with keep-alive for load generation: cheaper per request than fetch,
 * so the generator steals less of the (shared) CPU from the service it measures.
 */
export function createHttpClient(baseUrl: string, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          hostname,
          port,
          path,
          method,
          headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
