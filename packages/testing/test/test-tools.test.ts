import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityVerifier, identityAudience, identityJwk } from '@lmp/auth';
import { ZCompanyInput, ZLicenceInput } from '@lmp/contracts';
import { aCompany, aLicence, anIdentity, call, JsonApiClient, mintIdentityToken, waitUntil } from '../src';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('mintIdentityToken', () => {
  it('signs a token that the services’ verifier (development public key) accepts as that identity', async () => {
    const identity = anIdentity({ role: 'commission' });
    const verify = createIdentityVerifier(identityJwk('public', undefined), {
      audience: identityAudience('licences'),
    });

    const token = await mintIdentityToken(identity);

    await expect(verify(token)).resolves.toMatchObject(identity);
  });

  it('signs a token the verifier refuses once its lifetime is over', async () => {
    const verify = createIdentityVerifier(identityJwk('public', undefined), {
      audience: identityAudience('licences'),
    });

    const token = await mintIdentityToken(anIdentity(), -60);

    await expect(verify(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });
});

describe('builders', () => {
  it('build inputs the API schemas accept, unique on every call', () => {
    const [first, second] = [aLicence(), aLicence()];
    const [companyA, companyB] = [aCompany(), aCompany()];

    expect(ZLicenceInput.safeParse(first).success).toBe(true);
    expect(ZCompanyInput.safeParse(companyA).success).toBe(true);
    expect(first.licenceNumber).not.toBe(second.licenceNumber);
    expect(companyA.eori).not.toBe(companyB.eori);
    expect(anIdentity().subject).not.toBe(anIdentity().subject);
  });

  it('apply overrides, including undefined to leave a field out', () => {
    const licence = aLicence({ quantityKg: 5, urgent: undefined });

    expect(licence.quantityKg).toBe(5);
    expect(licence.urgent).toBeUndefined();
    expect(ZLicenceInput.safeParse(aLicence({ quantityKg: -1 })).success).toBe(false);
  });
});

describe('call and JsonApiClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url === '/text') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('sends an object as JSON with a bearer token and parses the JSON answer', async () => {
    const response = await call(baseUrl, 'POST', '/things', { token: 'tok-1', body: { a: 1 } });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ echoed: '{"a":1}' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/things', body: '{"a":1}' });
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer tok-1',
      'content-type': 'application/json',
    });
  });

  it('sends a string body as it is and keeps an answer that is not JSON as text', async () => {
    const response = await call(baseUrl, 'PUT', '/text', {
      body: 'raw,csv',
      headers: { 'content-type': 'text/csv' },
    });

    expect(response.body).toBe('plain words');
    expect(response.text).toBe('plain words');
    expect(seen[0]).toMatchObject({ method: 'PUT', body: 'raw,csv' });
    expect(seen[0]!.headers['content-type']).toBe('text/csv');
  });

  it('JsonApiClient calls /api/v1 with the caller’s headers on every request', async () => {
    let calls = 0;
    const client = new JsonApiClient(baseUrl, () => ({ 'x-identity': `caller-${++calls}` }));

    await client.get('/licences?limit=1');
    await client.patch('/licences/42', { urgent: true }, { 'if-match': '"3"' });

    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/v1/licences?limit=1',
      'PATCH /api/v1/licences/42',
    ]);
    expect(seen[0]!.headers['x-identity']).toBe('caller-1');
    expect(seen[1]!.headers).toMatchObject({ 'x-identity': 'caller-2', 'if-match': '"3"' });
    expect(seen[1]!.body).toBe('{"urgent":true}');
  });
});

describe('waitUntil', () => {
  it('returns the first value the probe gives that is not undefined or false', async () => {
    let attempts = 0;

    const value = await waitUntil(
      () => (++attempts < 3 ? false : `ready after ${attempts}`),
      'the third attempt',
    );

    expect(value).toBe('ready after 3');
  });

  it('fails naming what it waited for when the probe never answers', async () => {
    await expect(waitUntil(() => undefined, 'a row that never comes', 100)).rejects.toThrow(
      'Timed out waiting for a row that never comes',
    );
  });
});
