import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { call, type ApiClient } from './support/http-client';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('request limits', () => {
  let h: GatewayHarness;
  let licences: CaptureService;
  let operator: ApiClient;
  beforeAll(async () => {
    licences = await startCaptureService('licences');
    h = await startGatewayHarness({
      licences: false,
      env: { LICENCES_URL: licences.url, BODY_LIMIT: '1kb', UPLOAD_BODY_LIMIT: '4kb' },
    });
    operator = h.client(await h.tokenFor('anna.schmidt@autoparts.example'));
  });
  afterAll(async () => {
    await h.stop();
    await licences.close();
  });

  it('answers 413 to a JSON body over the limit, without bothering the service', async () => {
    const before = licences.requests.length;
    const response = await operator.post('/licences', { padding: 'x'.repeat(2048) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ status: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
    expect(licences.requests.length).toBe(before);
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const chunk = new TextEncoder().encode(`{"padding":"${'x'.repeat(600)}`);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const response = await fetch(`${h.url}/api/v1/licences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('takes a larger file on the import route, up to its own limit', async () => {
    const csv = (bytes: number) => `licence_number\n${'CN-2025-000001\n'.repeat(Math.ceil(bytes / 15))}`;
    const ok = await operator.post('/licences/import', csv(2048), { 'content-type': 'text/csv' });
    const tooLarge = await operator.post('/licences/import', csv(8192), { 'content-type': 'text/csv' });
    expect(ok.status).toBe(200);
    expect(tooLarge.status).toBe(413);
  });

  it.each([
    ['text/plain', '{"a":1}'],
    ['application/xml', '<licence/>'],
    ['text/csv', 'licence_number\nCN-1\n'],
  ])('answers 415 to a %s body on a JSON route', async (type, body) => {
    const response = await operator.post('/licences', body, { 'content-type': type });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 400 to malformed JSON', async () => {
    const response = await operator.post('/licences', '{"licenceNumber": "CN-1",', {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'HTTP.MALFORMED_JSON' });
  });

  it('sends security headers', async () => {
    const response = await operator.get('/me');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves /healthz, /readyz naming its dependencies, and /metrics by route on its metrics port', async () => {
    const health = await call(h.url, 'GET', '/healthz');
    const ready = await call(h.url, 'GET', '/readyz');
    const metrics = await call(`http://127.0.0.1:${h.gateway.metricsPort}`, 'GET', '/metrics');
    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { 'identity-provider': 'up', licences: 'up' } });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/me"[^}]*\} \d+/,
    );
  });

  it('does not answer /metrics on its public port, signed in or not', async () => {
    const anonymous = await call(h.url, 'GET', '/metrics');
    const signedIn = await call(h.url, 'GET', '/metrics', {
      token: await h.tokenFor('anna.schmidt@autoparts.example'),
    });
    expect(h.gateway.metricsPort).not.toBe(h.gateway.port);
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.text).not.toContain('http_request_duration_seconds');
    expect(signedIn.status).toBe(404);
  });
});

describe('rate limits', () => {
  let h: GatewayHarness;
  let licences: CaptureService;
  beforeAll(async () => {
    licences = await startCaptureService('licences');
    h = await startGatewayHarness({
      licences: false,
      env: {
        LICENCES_URL: licences.url,
        RATE_LIMIT_PER_USER: '3',
        RATE_LIMIT_PER_ADDRESS: '8',
        RATE_LIMIT_WINDOW_SECONDS: '60',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
    await licences.close();
  });

  it('answers 429 with Retry-After past the limit per person, then per address', async () => {
    const first = h.client(await h.tokenFor('first.user@company.example'));
    const second = h.client(await h.tokenFor('second.user@company.example'));

    const firstUser = [];
    for (let i = 0; i < 4; i++) firstUser.push(await first.get('/me'));
    const secondUser = await second.get('/me');
    const anonymous = [];
    for (let i = 0; i < 4; i++) anonymous.push(await h.client().get('/me'));

    expect(firstUser.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(secondUser.status).toBe(200);
    expect(anonymous.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    for (const limited of [firstUser[3]!, anonymous[3]!]) {
      expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
  });
});

describe('services that are down, slow or not there yet', () => {
  let h: GatewayHarness;
  let messaging: CaptureService;
  let operator: ApiClient;
  beforeAll(async () => {
    messaging = await startCaptureService('messaging', { hang: true });
    h = await startGatewayHarness({
      licences: false,
      env: {
        LICENCES_URL: `http://127.0.0.1:${await closedPort()}`,
        MESSAGING_URL: messaging.url,
        SERVICE_TIMEOUT_MS: '300',
        RETRY_AFTER_SECONDS: '7',
      },
    });
    operator = h.client(await h.tokenFor('anna.schmidt@autoparts.example'));
  });
  afterAll(async () => {
    await h.stop();
    await messaging.close();
  });

  it('answers 503 with Retry-After when a service refuses connections', async () => {
    const response = await operator.get('/me');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body).toMatchObject({ status: 503, code: 'DEPENDENCY.UNAVAILABLE' });
    expect(response.body.detail).toContain('licences');
  });

  it('answers 503 with Retry-After when a service does not answer in time', async () => {
    const started = Date.now();
    const response = await operator.get('/licences/0b8f6c1e-7a53-4c2a-9f7e-3d1f5a6b7c8d/messages');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers 503 problem+json for a service that is not deployed yet', async () => {
    const commission = h.client(await h.tokenFor('claire.dubois@ec.europa.eu'));
    const response = await commission.get('/reports/summary');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('is not ready while a service it routes to is down', async () => {
    const ready = await call(h.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ 'identity-provider': 'up', licences: 'down', messaging: 'up' });
  });
});

describe('an identity provider that cannot be reached before any key was fetched', () => {
  let h: GatewayHarness;
  let issuer: string;
  beforeAll(async () => {
    issuer = `http://127.0.0.1:${await closedPort()}/cas/oauth2`;
    h = await startGatewayHarness({
      licences: false,
      env: { OIDC_ISSUER: issuer, RETRY_AFTER_SECONDS: '3' },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers 503 with Retry-After, not 401 or 500, and is not ready', async () => {
    const token = await h.forge({ claims: { iss: issuer } });
    const response = await h.client(token).get('/me');
    const again = await h.client(token).get('/me');
    const ready = await call(h.url, 'GET', '/readyz');

    for (const answer of [response, again]) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('3');
    }
    expect(ready.status).toBe(503);
    expect(ready.body.checks['identity-provider']).toBe('down');
  });
});
