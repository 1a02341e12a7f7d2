import { randomUUID } from 'node:crypto';
import { newEvent } from '@lmp/contracts';
import { call, identityHeaders, type ApiResponse } from '@lmp/testing';
import { aCompany, aLicence } from './support/builders';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';

/** Issue 7: what a hostile client sent that the service answered with a 500 or a vague error. */
describe('licences service hardening', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A request with a raw body and any headers, as the given caller. */
  async function raw(
    api: ApiClient,
    method: string,
    path: string,
    options: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    return call(h.url, method, `/api/v1${path}`, {
      body: options.body,
      headers: { ...(await identityHeaders(api.identity)), ...options.headers },
    });
  }

  function expectProblem(response: ApiResponse, status: number, code?: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, ...(code && { code }) });
  }

  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  describe('deeply nested JSON', () => {
    it.each([5_000, 100_000])('refuses a body of %i nested arrays with 400', async (depth) => {
      const operator = await h.operatorWithCompany();
      const response = await raw(operator, 'POST', '/licences', {
        body: nested(depth),
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      });
      expectProblem(response, 400, 'HTTP.JSON_TOO_DEEP');
    });

    it('refuses deep nesting inside a field of an otherwise valid licence', async () => {
      const operator = await h.operatorWithCompany();
      const body = JSON.stringify({ ...aLicence(), customsNote: 'x' }).replace(
        '"customsNote":"x"',
        `"customsNote":${nested(5_000)}`,
      );
      const response = await raw(operator, 'POST', '/licences', {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, 400, 'HTTP.JSON_TOO_DEEP');
    });

    it('still reads brackets inside strings as text', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', aLicence({ customsNote: '[{'.repeat(500) }));
      expect(response.status).toBe(201);
    });
  });

  describe('bad percent-encoding in the path', () => {
    it.each([
      ['GET', '/licences/%ZZ'],
      ['GET', '/licences/%E0%A4%A/history'],
      ['PATCH', '/licences/%ZZ'],
      ['POST', '/confirmations/%ZZ'],
    ])('answers %s %s with 400 problem+json', async (method, path) => {
      const operator = await h.operatorWithCompany();
      const response = await raw(operator, method, path, {
        body: method === 'GET' ? undefined : '{}',
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, 400, 'HTTP.MALFORMED_URL');
    });
  });

  describe('lone surrogates in text fields', () => {
    const LONE = 'Acme \ud800 Ltd';

    it('refuses one in the company name, naming the field, and stores nothing', async () => {
      const api = h.client();
      const response = await api.put('/me/company', aCompany({ name: LONE }));
      expectProblem(response, 422, 'VALIDATION.FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
      expect((await api.get('/me')).body.company).toBeNull();
    });

    it.each([
      [{ exporter: { name: LONE } }, 'exporter.name'],
      [{ urgent: true, urgencyReason: LONE }, 'urgencyReason'],
      [{ customsNote: '\udc00' }, 'customsNote'],
    ])('refuses %j on POST /licences naming the field', async (overrides, field) => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', aLicence(overrides));
      expectProblem(response, 422, 'VALIDATION.FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('refuses one on PATCH naming the field', async () => {
      const operator = await h.operatorWithCompany();
      const created = await operator.post('/licences', aLicence());
      const response = await operator.patch(
        `/licences/${created.body.id}`,
        { customsNote: LONE },
        { 'if-match': created.headers.get('etag')! },
      );
      expectProblem(response, 422, 'VALIDATION.FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'customsNote' })]);
    });

    it('refuses one in a confirmation comment naming the field', async () => {
      const operator = await h.operatorWithCompany();
      const licence = (await operator.post('/licences', aLicence())).body;
      await h.publish([
        newEvent(
          'MofcomFeedbackReceived',
          { feedbackId: randomUUID(), licenceNumber: licence.licenceNumber, status: 'granted', date: null },
          { correlationId: randomUUID(), actor: { type: 'system', id: 'transmissions' } },
        ),
      ]);
      const request = await waitUntil(async () => {
        const open = (await operator.get('/confirmations')).body.items as { id: string; licenceId: string }[];
        return open.find((c) => c.licenceId === licence.id);
      }, 'a confirmation request');
      const response = await operator.post(`/confirmations/${request.id}`, {
        decision: 'correct',
        status: 'refused',
        comment: LONE,
      });
      expectProblem(response, 422, 'VALIDATION.FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
    });

    it('keeps well-formed text outside the Basic Multilingual Plane', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', aLicence({ customsNote: 'Held 🚢 in 𠀋 port' }));
      expect(response.status).toBe(201);
      expect(response.body.customsNote).toBe('Held 🚢 in 𠀋 port');
    });
  });

  describe('forged cursors', () => {
    const forged = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it.each([
      'garbage',
      '%ZZ',
      Buffer.from('[]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['-submittedAt', "2025' OR 1=1", randomUUID(), 1, true])).toString(
        'base64url',
      ),
      Buffer.from(JSON.stringify(['-submittedAt', '2025-01-01T00:00:00.000Z', 'x', 1, true])).toString(
        'base64url',
      ),
      forged(['-submittedAt', '2025-01-01T00:00:00.000Z', '-'.repeat(36), 1, true]),
      forged(['-submittedAt', '2025-01-01T00:00:00.000Z', 'f'.repeat(36), 1, true]),
      forged(['-submittedAt', '2025-01-01T00:00:00.000Z', randomUUID(), -1, true]),
      forged(['-submittedAt', '2025-01-01T00:00:00.000Z', randomUUID(), 1.5, true]),
      forged(['-submittedAt', '2025-01-01T00:00:00.000Z', randomUUID(), 1, true, 'extra']),
    ])('answers cursor=%s with 422 naming cursor', async (cursor) => {
      const operator = await h.operatorWithCompany();
      const response = await operator.get(`/licences?cursor=${cursor}`);
      expectProblem(response, 422, 'VALIDATION.FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });

    it('names cursor when it is sent twice', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.get('/licences?cursor=a&cursor=b');
      expectProblem(response, 422, 'VALIDATION.FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });
  });

  describe('charsets', () => {
    it.each([
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json;charset=ISO-8859-1',
    ])('refuses %s with 415', async (contentType) => {
      const api = h.client();
      const response = await raw(api, 'PUT', '/me/company', {
        body: JSON.stringify(aCompany()),
        headers: { 'content-type': contentType },
      });
      expectProblem(response, 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE');
      expect((await api.get('/me')).body.company).toBeNull();
    });

    it('refuses a UTF-16 body declared as UTF-16', async () => {
      const api = h.client();
      const response = await fetch(`${h.url}/api/v1/me/company`, {
        method: 'PUT',
        headers: {
          ...(await identityHeaders(api.identity)),
          'content-type': 'application/json; charset=utf-16le',
        },
        body: new Uint8Array(Buffer.from(JSON.stringify(aCompany()), 'utf16le')),
      });
      expect(response.status).toBe(415);
    });

    it.each(['application/json', 'application/json; charset=utf-8', 'application/json; charset="UTF-8"'])(
      'accepts %s',
      async (contentType) => {
        const response = await raw(h.client(), 'PUT', '/me/company', {
          body: JSON.stringify(aCompany()),
          headers: { 'content-type': contentType },
        });
        expect(response.status).toBe(201);
      },
    );
  });

  describe('unsupported methods on known paths', () => {
    it.each([
      ['DELETE', '/licences/{id}', 'GET, HEAD, PATCH'],
      ['PUT', '/licences', 'GET, HEAD, POST'],
      ['DELETE', '/licences/{id}/history', 'GET, HEAD'],
      ['GET', '/me/company', 'PUT'],
      ['POST', '/me', 'GET, HEAD'],
      ['GET', '/confirmations/{id}', 'POST'],
      ['GET', '/licences/import', 'POST'],
    ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
      const operator = await h.operatorWithCompany();
      const response = await raw(operator, method, path.replace('{id}', randomUUID()));
      expectProblem(response, 405, 'HTTP.METHOD_NOT_ALLOWED');
      expect(response.headers.get('allow')).toBe(allow);
    });

    it('still answers 404 on a path no route knows', async () => {
      const response = await raw(h.client(), 'DELETE', '/nothing-here');
      expectProblem(response, 404);
    });
  });
});
