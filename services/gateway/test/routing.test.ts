import { createIdentityVerifier, identityAudience, identityJwk, IDENTITY_HEADER } from '@lmp/auth';
import { mintIdentityToken } from '@lmp/testing';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import type { ApiClient } from './support/http-client';

const SERVICES = ['licences', 'reporting', 'transmissions', 'messaging'] as const;

describe('routing to the services', () => {
  let h: GatewayHarness;
  let services: Record<(typeof SERVICES)[number], CaptureService>;
  let operator: ApiClient;
  let commission: ApiClient;
  beforeAll(async () => {
    services = Object.fromEntries(
      await Promise.all(SERVICES.map(async (name) => [name, await startCaptureService(name)] as const)),
    ) as typeof services;
    h = await startGatewayHarness({
      licences: false,
      env: Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_URL`, services[name].url])),
    });
    operator = h.client(await h.tokenFor('luca.rossi@magneti.example'));
    commission = h.client(await h.tokenFor('claire.dubois@ec.europa.eu'));
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all(SERVICES.map((name) => services[name].close()));
  });

  const id = '0b8f6c1e-7a53-4c2a-9f7e-3d1f5a6b7c8d';
  it.each([
    ['GET', '/me', 'licences'],
    ['PUT', '/me/company', 'licences'],
    ['GET', '/licences?status=pending&limit=10', 'licences'],
    ['POST', '/licences', 'licences'],
    ['GET', `/licences/${id}`, 'licences'],
    ['PATCH', `/licences/${id}`, 'licences'],
    ['GET', `/licences/${id}/history`, 'licences'],
    ['POST', '/licences/import?dryRun=true', 'licences'],
    ['GET', `/licences/${id}/messages`, 'messaging'],
    ['POST', `/licences/${id}/messages`, 'messaging'],
    ['GET', '/confirmations', 'licences'],
    ['POST', `/confirmations/${id}`, 'licences'],
    ['GET', '/me/company/members', 'licences'],
    ['PATCH', `/me/company/members/${id}`, 'licences'],
    ['DELETE', `/me/company/members/${id}`, 'licences'],
    ['GET', '/me/company/invitations', 'licences'],
    ['POST', '/me/company/invitations', 'licences'],
    ['DELETE', `/me/company/invitations/${id}`, 'licences'],
    ['GET', '/licences/claims', 'licences'],
    ['POST', '/licences/claims', 'licences'],
    ['GET', `/licences/claims/${id}`, 'licences'],
    ['POST', `/licences/${id}/review`, 'licences'],
    ['GET', '/me/company/messages', 'messaging'],
    ['POST', '/me/company/messages', 'messaging'],
    ['GET', '/me/notifications', 'messaging'],
    ['PUT', '/me/notifications', 'messaging'],
    ['GET', '/messages/threads?unread=true', 'messaging'],
    ['GET', `/messages/threads/${id}`, 'messaging'],
    ['POST', `/messages/threads/${id}/messages`, 'messaging'],
    ['POST', `/messages/threads/${id}/read`, 'messaging'],
    ['GET', `/attachments/${id}`, 'messaging'],
  ])('sends an operator’s %s %s to %s, path and query unchanged', async (method, path, service) => {
    const isImport = path.startsWith('/licences/import');
    const body = method === 'GET' ? undefined : isImport ? 'licence_number\nCN-1\n' : { any: 'thing' };
    const headers = isImport ? { 'content-type': 'text/csv' } : undefined;

    const response = await operator.request(method, path, body, headers);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ service, method, url: `/api/v1${path}` });
  });

  it.each([
    ['GET', '/reports/summary', 'reporting'],
    ['GET', '/reports/breakdown?by=sector', 'reporting'],
    ['GET', '/reports/export?format=csv', 'reporting'],
    ['GET', '/transmissions/batches', 'transmissions'],
    ['POST', '/transmissions/batches', 'transmissions'],
    ['GET', `/transmissions/batches/${id}/file`, 'transmissions'],
    ['POST', `/transmissions/batches/${id}/dispatch`, 'transmissions'],
    ['POST', '/transmissions/feedback', 'transmissions'],
    ['GET', '/messages', 'messaging'],
    ['GET', '/messages/broadcasts', 'messaging'],
    ['POST', '/messages/broadcasts', 'messaging'],
    ['POST', `/licences/claims/${id}/decision`, 'licences'],
    ['GET', '/migrations/eusurvey', 'licences'],
    ['POST', '/migrations/eusurvey?dryRun=true', 'licences'],
  ])(
    'sends the Commission’s %s %s to %s, and answers an operator 403 without asking it',
    async (method, path, service) => {
      const body = method === 'POST' ? {} : undefined;
      const before = services[service as keyof typeof services].requests.length;

      const refused = await operator.request(method, path, body);
      const afterRefusal = services[service as keyof typeof services].requests.length;
      const allowed = await commission.request(method, path, body);

      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(afterRefusal).toBe(before);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({ service, url: `/api/v1${path}` });
    },
  );

  it('takes CSV feedback on /transmissions/feedback', async () => {
    const response = await commission.post(
      '/transmissions/feedback',
      'licenceNumber,status,date\nCN-1,granted,2025-11-01\n',
      {
        'content-type': 'text/csv',
      },
    );
    expect(response.status).toBe(200);
  });

  it('takes a message with its files as multipart/form-data', async () => {
    const boundary = 'lmp-test-boundary';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="body"',
      '',
      'Here is the MOFCOM decision.',
      `--${boundary}`,
      'Content-Disposition: form-data; name="files"; filename="decision.pdf"',
      'Content-Type: application/pdf',
      '',
      '%PDF-1.7 …',
      `--${boundary}--`,
      '',
    ].join('\r\n');

    const response = await operator.post(`/licences/${id}/messages`, body, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });

    expect(response.status).toBe(200);
    expect(services.messaging.requests.at(-1)!.body).toBe(body);
  });

  it('forwards the one-click unsubscribe of an e-mail without sign-in, and without any identity', async () => {
    const before = services.messaging.requests.length;

    const response = await h
      .client()
      .post('/notifications/unsubscribe?token=abc.def', 'List-Unsubscribe=One-Click', {
        'content-type': 'application/x-www-form-urlencoded',
      });
    const received = services.messaging.requests.at(-1)!;

    expect(response.status).toBe(200);
    expect(services.messaging.requests.length).toBe(before + 1);
    expect(received.url).toBe('/api/v1/notifications/unsubscribe?token=abc.def');
    expect(received.body).toBe('List-Unsubscribe=One-Click');
    expect(received.headers[IDENTITY_HEADER]).toBeUndefined();
  });

  it('takes the one-click unsubscribe as multipart/form-data too, as RFC 8058 §3.2 recommends', async () => {
    const boundary = 'one-click';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;

    const response = await h.client().post('/notifications/unsubscribe?token=abc.def', body, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });

    expect(response.status).toBe(200);
    expect(services.messaging.requests.at(-1)!.body).toBe(body);
  });

  it('answers 404 problem+json to a path no service owns', async () => {
    const response = await operator.get('/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  describe('what a service receives', () => {
    const verifierOf = (service: string) =>
      createIdentityVerifier(identityJwk('public', undefined), { audience: identityAudience(service) });
    const verifyIdentity = verifierOf('licences');

    it('a fresh identity token instead of the client’s credentials and identity headers, and the request id', async () => {
      const forged = await mintIdentityToken({
        subject: 'x',
        email: 'boss@ec.europa.eu',
        name: 'Boss',
        role: 'commission',
      });

      const response = await operator.get('/me', {
        [IDENTITY_HEADER]: forged,
        'x-lmp-role': 'commission',
        'x-request-id': 'client-chosen-id-42',
        cookie: 'session=abc',
        'x-forwarded-user': 'boss',
        'if-none-match': '"v1"',
      });
      const received = services.licences.requests.at(-1)!;

      expect(response.headers.get('x-request-id')).toBe('client-chosen-id-42');
      expect(received.headers['x-request-id']).toBe('client-chosen-id-42');
      expect(received.headers[IDENTITY_HEADER]).not.toBe(forged);
      await expect(verifyIdentity(String(received.headers[IDENTITY_HEADER]))).resolves.toEqual({
        subject: expect.stringMatching(/^n[0-9a-f]{24}$/),
        email: 'luca.rossi@magneti.example',
        name: 'Luca Rossi',
        role: 'operator',
      });
      for (const header of ['authorization', 'cookie', 'x-lmp-role', 'x-forwarded-user']) {
        expect(received.headers[header]).toBeUndefined();
      }
      expect(received.headers['if-none-match']).toBe('"v1"');
    });

    it.each([
      ['licences', 'operator', '/me'],
      ['messaging', 'operator', `/licences/${id}/messages`],
      ['reporting', 'commission', '/reports/summary'],
      ['transmissions', 'commission', '/transmissions/batches'],
    ] as const)(
      'an identity token for %s alone, which no other service accepts',
      async (service, role, path) => {
        const response = await (role === 'operator' ? operator : commission).get(path);
        expect(response.status).toBe(200);
        const token = String(services[service].requests.at(-1)!.headers[IDENTITY_HEADER]);

        const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
          aud: unknown;
        };
        expect(claims.aud).toBe(`lmp-${service}`);
        await expect(verifierOf(service)(token)).resolves.toMatchObject({ role: expect.any(String) });
        for (const other of SERVICES.filter((s) => s !== service)) {
          await expect(verifierOf(other)(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
        }
      },
    );

    it('nothing at all from a client with an identity header but no access token', async () => {
      const forged = await mintIdentityToken({
        subject: 'x',
        email: 'boss@ec.europa.eu',
        name: 'Boss',
        role: 'commission',
      });
      const before = services.licences.requests.length;

      const response = await h.client().get('/me', { [IDENTITY_HEADER]: forged });

      expect(response.status).toBe(401);
      expect(services.licences.requests.length).toBe(before);
    });

    it('the request body byte for byte', async () => {
      const body = '{"licenceNumber":  "CN-2025-1",\n "quantityKg": 1.50}';

      await operator.post('/licences', body, { 'content-type': 'application/json' });

      expect(services.licences.requests.at(-1)!.body).toBe(body);
    });
  });

  it('passes the service’s answer headers on, without its hop-by-hop or x-powered-by headers', async () => {
    const response = await operator.get('/me');

    expect(response.headers.get('x-service')).toBe('licences');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
