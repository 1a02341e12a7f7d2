import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { OPERATIONS } from '../src/domain/openapi/operations';
import { routeFor } from '../src/domain/route-table';
import { aCompany, aLicence } from './support/builders';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import type { ApiClient, ApiResponse } from './support/http-client';

/** Issue 7: what the black-box probe sent through the gateway that was answered badly. */

function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, ...(code && { code }) });
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Writes bytes on a fresh connection and reads until the server closes it. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(request);
  });
}

describe('gateway hardening, in front of stand-in services', () => {
  let h: GatewayHarness;
  let licences: CaptureService;
  let reporting: CaptureService;
  let operator: ApiClient;
  let commission: ApiClient;
  beforeAll(async () => {
    licences = await startCaptureService('licences');
    reporting = await startCaptureService('reporting');
    h = await startGatewayHarness({
      licences: false,
      env: { LICENCES_URL: licences.url, REPORTING_URL: reporting.url },
    });
    operator = h.client(await h.tokenFor(`operator.${randomUUID().slice(0, 8)}@company.example`));
    commission = h.client(await h.tokenFor(`analyst.${randomUUID().slice(0, 8)}@ec.europa.eu`));
  });
  afterAll(async () => {
    await h.stop();
    await licences.close();
    await reporting.close();
  });

  /** Asserts the service behind saw no request while `act` ran. */
  async function unforwarded(act: () => Promise<ApiResponse>): Promise<ApiResponse> {
    const before = licences.requests.length + reporting.requests.length;
    const response = await act();
    expect(licences.requests.length + reporting.requests.length).toBe(before);
    return response;
  }

  describe('deeply nested JSON', () => {
    it.each([5_000, 100_000])(
      'refuses %i nested arrays with 400 before any service sees them',
      async (depth) => {
        const response = await unforwarded(() =>
          operator.post('/licences', nested(depth), { 'content-type': 'application/json' }),
        );
        expectProblem(response, 400, 'HTTP.JSON_TOO_DEEP');
      },
    );

    it('forwards JSON that starts with a byte-order mark, as the services accept it', async () => {
      const body = `\uFEFF${JSON.stringify({ a: 1 })}`;
      await operator.post('/licences', body, { 'content-type': 'application/json' });
      expect(licences.requests.at(-1)!.body).toBe(body);
    });

    it('forwards JSON nested a few levels, byte for byte', async () => {
      const body = JSON.stringify({ a: [[[{ b: '[[[[' }]]] });
      await operator.post('/licences', body, { 'content-type': 'application/json' });
      expect(licences.requests.at(-1)!.body).toBe(body);
    });
  });

  describe('charsets', () => {
    it.each([
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/merge-patch+json; charset=iso-8859-1',
    ])('refuses %s with 415 before any service sees it', async (contentType) => {
      const response = await unforwarded(() =>
        operator.put('/me/company', JSON.stringify(aCompany()), { 'content-type': contentType }),
      );
      expectProblem(response, 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE');
    });

    it.each(['application/json', 'application/json; charset=utf-8', 'application/json; charset="UTF-8"'])(
      'forwards %s',
      async (contentType) => {
        const response = await operator.put('/me/company', '{}', { 'content-type': contentType });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ service: 'licences' });
      },
    );
  });

  describe('bad percent-encoding in the path', () => {
    it.each([
      ['GET', '/licences/%ZZ'],
      ['PATCH', '/licences/%ZZ'],
      ['GET', '/licences/%ZZ/history'],
      ['GET', '/licences/%E0%A4%A/messages'],
      ['POST', '/confirmations/%ZZ'],
    ])('answers %s %s with 400 problem+json before any service sees it', async (method, path) => {
      const body = method === 'GET' ? undefined : {};
      const response = await unforwarded(() => operator.request(method, path, body));
      expectProblem(response, 400, 'HTTP.MALFORMED_URL');
    });

    it('checks the role first: an operator gets 403 on /reports/%ZZ, the Commission 400', async () => {
      expectProblem(await unforwarded(() => operator.get('/reports/%ZZ')), 403, 'AUTH.FORBIDDEN');
      expectProblem(await unforwarded(() => commission.get('/reports/%ZZ')), 400, 'HTTP.MALFORMED_URL');
    });
  });

  describe('unsupported methods on known paths', () => {
    it.each([
      ['DELETE', '/licences/{id}', 'GET, HEAD, PATCH'],
      ['PUT', '/licences', 'GET, HEAD, POST'],
      ['DELETE', '/licences/{id}/history', 'GET, HEAD'],
      ['GET', '/licences/import', 'POST'],
      ['POST', '/me', 'GET, HEAD'],
      ['GET', '/me/company', 'PUT'],
      ['GET', '/confirmations/{id}', 'POST'],
      ['DELETE', '/confirmations', 'GET, HEAD'],
    ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
      const response = await unforwarded(() => operator.request(method, path.replace('{id}', randomUUID())));
      expectProblem(response, 405, 'HTTP.METHOD_NOT_ALLOWED');
      expect(response.headers.get('allow')).toBe(allow);
    });

    it('checks the role first: an operator gets 403 on DELETE /reports/summary, the Commission 405', async () => {
      expectProblem(await unforwarded(() => operator.request('DELETE', '/reports/summary')), 403);
      const response = await unforwarded(() => commission.request('DELETE', '/reports/summary'));
      expectProblem(response, 405, 'HTTP.METHOD_NOT_ALLOWED');
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    });

    it('still answers 404 to a path no service owns', async () => {
      expectProblem(await operator.request('DELETE', '/nothing-here'), 404);
    });

    it('routes every documented operation, and allows no method the API does not document', () => {
      const concrete = (path: string) => path.replace(/\{[^}]+\}/g, randomUUID());
      for (const operation of OPERATIONS) {
        expect({
          operation: `${operation.method} ${operation.path}`,
          allowed: routeFor(concrete(operation.path))?.methods,
        }).toEqual({
          operation: `${operation.method} ${operation.path}`,
          allowed: expect.arrayContaining([operation.method.toUpperCase()]),
        });
      }
      for (const operation of OPERATIONS) {
        const rule = routeFor(concrete(operation.path))!;
        if (rule.path.includes('*')) continue; // one rule for a service's subtree
        const documented = OPERATIONS.filter((o) => routeFor(concrete(o.path)) === rule).map((o) =>
          o.method.toUpperCase(),
        );
        expect([...rule.methods].sort()).toEqual([...new Set(documented)].sort());
      }
    });
  });

  describe('requests Node refuses before Express sees them', () => {
    it('answers headers over 16 KB with 431 problem+json', async () => {
      const text = await rawExchange(
        h.gateway.port,
        `GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(text).toMatch(/^HTTP\/1\.1 431 /);
      expect(text).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/i);
      expect(JSON.parse(text.split('\r\n\r\n')[1]!)).toMatchObject({
        status: 431,
        code: 'HTTP.HEADERS_TOO_LARGE',
      });
    });

    it('answers a NUL in a header with 400 problem+json', async () => {
      const text = await rawExchange(
        h.gateway.port,
        'GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\n\r\n',
      );
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      expect(text).toMatch(/\r\nContent-Type: application\/problem\+json\r\n/i);
      expect(JSON.parse(text.split('\r\n\r\n')[1]!)).toMatchObject({ status: 400, code: 'HTTP.BAD_REQUEST' });
    });
  });
});

describe('gateway hardening, with the licences service behind it', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses a lone surrogate in the company name, naming the field, and stores nothing', async () => {
    const operator = await h.operator();
    const response = await operator.put('/me/company', aCompany({ name: 'Acme \ud800 Ltd' }));
    expectProblem(response, 422, 'VALIDATION.FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await operator.get('/me')).body.company).toBeNull();
  });

  it('refuses a lone surrogate in a licence, naming the field', async () => {
    const operator = await h.operatorWithCompany();
    const response = await operator.post('/licences', aLicence({ exporter: { name: '\udfff Trading' } }));
    expectProblem(response, 422, 'VALIDATION.FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'exporter.name' })]);
  });

  it('answers a forged cursor with 422 naming cursor', async () => {
    const operator = await h.operatorWithCompany();
    const cursor = Buffer.from(
      JSON.stringify(['-submittedAt', '2025-01-01T00:00:00.000Z', '-'.repeat(36), 1, true]),
    ).toString('base64url');
    const response = await operator.get(`/licences?cursor=${cursor}`);
    expectProblem(response, 422, 'VALIDATION.FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
