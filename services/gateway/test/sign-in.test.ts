import { createHmac } from 'node:crypto';
import { getTokenSet } from '@lmp/eulogin-dev';
import { aSigningKey, startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sign-in with EU Login access tokens', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('accepts a real token from the issuer and resolves the platform user, creating it on first sign-in', async () => {
    const token = await h.tokenFor('anna.schmidt@autoparts.example');

    const first = await h.client(token).get('/me');
    const again = await h.client(token).get('/me');

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      user: { email: 'anna.schmidt@autoparts.example', name: 'Anna Schmidt' },
      role: 'operator',
      company: null,
    });
    expect(again.body.user.id).toBe(first.body.user.id);
  });

  it('gives the Commission role to an address in a configured Commission domain', async () => {
    const token = await h.tokenFor('claire.dubois@ec.europa.eu');
    expect((await h.client(token).get('/me')).body).toMatchObject({ role: 'commission' });
  });

  it('does not give the Commission role to an address EU Login marks unverified', async () => {
    const token = await h.forge({ claims: { email: 'mallory@ec.europa.eu', email_verified: false } });
    expect((await h.client(token).get('/me')).body).toMatchObject({ role: 'operator' });
  });

  it('accepts a token that came from a clock slightly ahead (iat and nbf within the tolerance)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await h.forge({ claims: { iat: now + 10, nbf: now + 10 } });
    expect((await h.client(token).get('/me')).status).toBe(200);
  });

  describe('answers 401 with WWW-Authenticate: Bearer to', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const badTokens: [string, () => Promise<string | undefined>, string][] = [
      ['no token', async () => undefined, 'Sign in'],
      ['a malformed token', async () => 'not-a-jwt', 'malformed'],
      ['a token of three parts that are not JSON', async () => 'abc.def.ghi', 'malformed'],
      [
        'a bad signature',
        async () => {
          const [header, payload] = (await h.forge()).split('.');
          const [, , otherSignature] = (
            await h.forge({ claims: { email: 'someone.else@company.example' } })
          ).split('.');
          return `${header}.${payload}.${otherSignature}`;
        },
        'signature',
      ],
      [
        'a changed payload under a valid signature',
        async () => {
          const [header, payload, signature] = (await h.forge()).split('.');
          const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
          return `${header}.${b64({ ...claims, email: 'boss@ec.europa.eu' })}.${signature}`;
        },
        'signature',
      ],
      [
        'alg: none',
        async () => {
          const claims = {
            iss: h.idp.issuer,
            aud: 'lmp-gateway',
            sub: 'n1',
            email: 'x@company.example',
            iat: now(),
            exp: now() + 300,
          };
          return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
        },
        'algorithm',
      ],
      [
        'HS256 signed with the issuer public key as the secret',
        async () => {
          const jwks = (await (await fetch(h.idp.jwksUri)).json()) as { keys: object[] };
          const secret = JSON.stringify(jwks.keys[0]);
          const claims = {
            iss: h.idp.issuer,
            aud: 'lmp-gateway',
            sub: 'n1',
            email: 'x@ec.europa.eu',
            iat: now(),
            exp: now() + 300,
          };
          const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: h.issuerKey.kid })}.${b64(claims)}`;
          return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
        },
        'algorithm',
      ],
      ['a wrong issuer', () => h.forge({ claims: { iss: 'https://ecas.example.com/cas/oauth2' } }), 'issuer'],
      [
        'an issuer differing only by a trailing slash',
        () => h.forge({ claims: { iss: `${h.idp.issuer}/` } }),
        'issuer',
      ],
      ['a wrong audience', () => h.forge({ claims: { aud: 'another-application' } }), 'audience'],
      ['no audience', () => h.forge({ omit: ['aud'] }), '"aud"'],
      ['an expired token', () => h.forge({ claims: { iat: now() - 7200, exp: now() - 3600 } }), 'expired'],
      ['a token not valid yet (nbf)', () => h.forge({ claims: { nbf: now() + 3600 } }), 'nbf'],
      [
        'a token issued in the future (iat)',
        () => h.forge({ claims: { iat: now() + 3600, exp: now() + 7200 } }),
        'iat',
      ],
      ['a token without exp', () => h.forge({ omit: ['exp'] }), '"exp"'],
      [
        'a token signed with an unknown key (kid)',
        async () => h.forge({ key: await aSigningKey('unknown-kid') }),
        'does not publish',
      ],
      [
        'a token signed with an unknown key under a known kid',
        async () => h.forge({ key: await aSigningKey(h.issuerKey.kid) }),
        'signature',
      ],
      ['a token without an e-mail address', () => h.forge({ omit: ['email'] }), 'e-mail'],
      ['a token without a subject', () => h.forge({ omit: ['sub'] }), '"sub"'],
      [
        'an ID token (its audience is the client, not the platform)',
        async () =>
          (await getTokenSet({ issuer: h.idp.issuer, email: 'anna.schmidt@autoparts.example' })).idToken!,
        'audience',
      ],
    ];

    it.each(badTokens)('%s', async (_case, makeToken, reason) => {
      const token = await makeToken();

      const response = await h.client(token).get('/me');

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="lmp"/);
      if (token) expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
      expect(response.body.detail).toContain(reason);
    });

    it('another authorization scheme', async () => {
      const response = await h.client().get('/me', { authorization: 'Basic YW5uYTpzZWNyZXQ=' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="lmp"');
    });
  });
});
