import { aSigningKey, startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

/**
 * Key set fetches are counted by a proxy in front of the development issuer. Each gateway here has
 * a cooldown of 0 (an unknown key may refetch at once) or of an hour (it may not, for the whole
 * test), so nothing waits on the clock; verified tokens are not cached, so every request checks
 * its signature against the keys the gateway holds.
 */
const NO_COOLDOWN = '0';
const AN_HOUR = String(60 * 60 * 1000);

const kidOf = (token: string): unknown =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;

async function expectInvalidToken(h: GatewayHarness, token: string) {
  const answer = await h.client(token).get('/me');
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
}

describe('issuer key rotation, with no cooldown between key set fetches', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({
      countIssuerRequests: true,
      env: { JWKS_COOLDOWN_MS: NO_COOLDOWN, TOKEN_CACHE_SECONDS: '0', JWKS_TIMEOUT_MS: '500' },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('fetches the key set again for a token signed with a rotated-in key, accepts it, and still the previous key', async () => {
    const before = await h.tokenFor('before.rotation@company.example');
    expect((await h.client(before).get('/me')).status).toBe(200);
    expect((await h.client(before).get('/me')).status).toBe(200);
    const fetched = h.jwksRequests();
    expect(fetched).toBe(1); // a known key is verified from the cache

    const { kid } = await h.idp.rotateKeys();
    const after = await h.tokenFor('after.rotation@company.example');
    expect(kidOf(after)).toBe(kid);

    expect((await h.client(after).get('/me')).status).toBe(200);
    expect(h.jwksRequests()).toBe(fetched + 1);
    expect((await h.client(after).get('/me')).status).toBe(200);
    expect((await h.client(before).get('/me')).status).toBe(200);
    expect(h.jwksRequests()).toBe(fetched + 1);
  });

  it('keeps verifying known keys while the key set endpoint is down, and tries it again for each unknown key', async () => {
    // Signed with the issuer's first key, fetched already (and still published after the rotation).
    const known = await h.forge();
    expect((await h.client(known).get('/me')).status).toBe(200);
    const unknown = await h.forge({ key: await aSigningKey('not-published') });
    const fetched = h.jwksRequests();

    await h.idp.stop();

    expect((await h.client(known).get('/me')).status).toBe(200);
    expect(h.jwksRequests()).toBe(fetched);
    await expectInvalidToken(h, unknown);
    expect(h.jwksRequests()).toBe(fetched + 1);
    await expectInvalidToken(h, unknown);
    expect(h.jwksRequests()).toBe(fetched + 2);
    expect((await h.client(known).get('/me')).status).toBe(200);
  });
});

describe('issuer key rotation, within the cooldown after a key set fetch', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({
      countIssuerRequests: true,
      env: { JWKS_COOLDOWN_MS: AN_HOUR, TOKEN_CACHE_SECONDS: '0', JWKS_TIMEOUT_MS: '500' },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('does not fetch the key set again for unknown keys, so a rotated-in key is refused until the cooldown ends', async () => {
    const before = await h.tokenFor('before.cooldown@company.example');
    expect((await h.client(before).get('/me')).status).toBe(200);
    expect(h.jwksRequests()).toBe(1);

    await h.idp.rotateKeys();
    const after = await h.tokenFor('after.cooldown@company.example');
    const forged = await h.forge({ key: await aSigningKey('not-published') });

    for (const token of [after, forged, after, forged]) await expectInvalidToken(h, token);
    expect(h.jwksRequests()).toBe(1);
    expect((await h.client(before).get('/me')).status).toBe(200);
  });
});

describe('issuer key outage, with keys older than their maximum age', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({
      countIssuerRequests: true,
      env: {
        JWKS_COOLDOWN_MS: AN_HOUR,
        // Every verification finds the keys stale and refetches them first.
        JWKS_CACHE_MAX_AGE_MS: '1',
        TOKEN_CACHE_SECONDS: '0',
        JWKS_TIMEOUT_MS: '500',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('keeps verifying with the stale keys when the refetch fails, and does not try again within the cooldown', async () => {
    const known = await h.tokenFor('stale.keys@company.example');
    expect((await h.client(known).get('/me')).status).toBe(200);
    const unknown = await h.forge({ key: await aSigningKey('not-published') });
    const fetched = h.jwksRequests();

    await h.idp.stop();

    expect((await h.client(known).get('/me')).status).toBe(200);
    expect(h.jwksRequests()).toBe(fetched + 1); // the refetch of the stale keys, which failed
    expect((await h.client(known).get('/me')).status).toBe(200);
    await expectInvalidToken(h, unknown);
    expect(h.jwksRequests()).toBe(fetched + 1);
  });
});
