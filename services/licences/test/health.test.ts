import { startHarness, type Harness } from './support/licences-harness';

describe('health and metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is alive and ready when the database and broker answer', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', broker: 'up' } });
  });

  it('exposes Prometheus metrics on a port of its own, including request durations by route', async () => {
    await h.client().get('/me');
    const text = await (await fetch(`http://127.0.0.1:${h.service.metricsPort}/metrics`)).text();
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('route="/api/v1/me"');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('does not answer /metrics on the API port', async () => {
    const response = await fetch(`${h.url}/metrics`);
    expect(h.service.metricsPort).not.toBe(h.service.port);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('echoes the X-Request-Id it was given, and makes one otherwise', async () => {
    const given = await fetch(`${h.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${h.url}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a problem, not an HTML page', async () => {
    const response = await fetch(`${h.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
