import { aSigningKey, startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { sleep } from './support/http-client';

const COOLDOWN_MS = 300;
const CACHE_MAX_AGE_MS = 1500;

describe('issuer key rotation and outages', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({
      env: {
        JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
        JWKS_CACHE_MAX_AGE_MS: String(CACHE_MAX_AGE_MS),
        JWKS_TIMEOUT_MS: '500',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('verifies tokens signed with a rotated-in key, and still those of the previous key', async () => {
    const before = await h.tokenFor('before.rotation@company.example');
    expect((await h.client(before).get('/me')).status).toBe(200);

    const { kid } = await h.idp.rotateKeys();
    await sleep(COOLDOWN_MS + 50);
    const after = await h.tokenFor('after.rotation@company.example');

    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
    expect((await h.client(after).get('/me')).status).toBe(200);
    expect((await h.client(before).get('/me')).status).toBe(200);
  });

  it('keeps verifying with cached keys while the key set endpoint is down, and refuses an unknown key with 401', async () => {
    const known = await h.tokenFor('during.outage@company.example');
    expect((await h.client(known).get('/me')).status).toBe(200);
    const unknown = await h.forge({ key: await aSigningKey('not-published') });

    await h.idp.stop();
    await sleep(CACHE_MAX_AGE_MS + 100); // the cached keys are now stale: a refetch is due and fails

    const knownAnswers = [await h.client(known).get('/me'), await h.client(known).get('/me')];
    const unknownAnswer = await h.client(unknown).get('/me');
    await sleep(COOLDOWN_MS + 50); // past the cooldown an unknown kid tries the endpoint again
    const unknownAgain = await h.client(unknown).get('/me');

    expect(knownAnswers.map((r) => r.status)).toEqual([200, 200]);
    for (const answer of [unknownAnswer, unknownAgain]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });
});
