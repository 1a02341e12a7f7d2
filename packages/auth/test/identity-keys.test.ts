import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  assertNotDevelopmentKey,
  developmentKeyThumbprint,
  identityJwk,
  identityKeyThumbprint,
} from '../src';

const committed = (kind: 'public' | 'private') =>
  JSON.parse(
    readFileSync(path.join(__dirname, '..', 'dev-keys', `identity.dev.${kind}.jwk.json`), 'utf8'),
  ) as JWK;

async function aFreshKeyPair(): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  return {
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'EdDSA', kid: 'prod-1' },
    privateJwk: { ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'prod-1' },
  };
}

describe('identityKeyThumbprint', () => {
  it('is the same for the public key, its private half and copies with other kid, alg, use or comment', async () => {
    const thumbprint = await developmentKeyThumbprint();
    const copies: JWK[] = [
      committed('public'),
      committed('private'),
      { ...committed('public'), kid: 'gateway-prod-1' },
      { ...committed('public'), kid: undefined, alg: undefined, use: undefined },
      { kty: 'OKP', crv: 'Ed25519', x: committed('public').x },
    ];
    for (const copy of copies) await expect(identityKeyThumbprint(copy)).resolves.toBe(thumbprint);
  });

  it('differs for another key', async () => {
    const { publicJwk, privateJwk } = await aFreshKeyPair();
    const thumbprint = await identityKeyThumbprint(publicJwk);
    expect(thumbprint).not.toBe(await developmentKeyThumbprint());
    await expect(identityKeyThumbprint(privateJwk)).resolves.toBe(thumbprint);
  });
});

describe('assertNotDevelopmentKey', () => {
  it.each([
    ['the committed public key', () => committed('public')],
    ['the committed private key', () => committed('private')],
    ['the committed public key under another kid', () => ({ ...committed('public'), kid: 'prod-2025' })],
    ['the committed private key under another kid', () => ({ ...committed('private'), kid: 'prod-2025' })],
  ])('refuses %s in production', async (_what, key) => {
    await expect(
      assertNotDevelopmentKey(key(), { production: true, setting: 'IDENTITY_PUBLIC_KEY' }),
    ).rejects.toThrow(/^IDENTITY_PUBLIC_KEY is the development key committed in packages\/auth\/dev-keys/);
  });

  it('accepts the development key outside production', async () => {
    await expect(
      assertNotDevelopmentKey(committed('public'), { production: false }),
    ).resolves.toBeUndefined();
  });

  it('accepts a key pair of its own in production', async () => {
    const { publicJwk, privateJwk } = await aFreshKeyPair();
    await expect(assertNotDevelopmentKey(publicJwk, { production: true })).resolves.toBeUndefined();
    await expect(assertNotDevelopmentKey(privateJwk, { production: true })).resolves.toBeUndefined();
  });
});

describe('identityJwk', () => {
  it('falls back to the development key outside production only', () => {
    expect(identityJwk('public', undefined)).toMatchObject({
      kid: 'gateway-dev-1',
      x: committed('public').x,
    });
    expect(() => identityJwk('public', undefined, { production: true })).toThrow(
      'IDENTITY_PUBLIC_KEY must be set in production',
    );
    expect(() => identityJwk('private', '', { production: true })).toThrow(
      'IDENTITY_PRIVATE_KEY must be set in production',
    );
  });

  it('names the setting when its value is not JSON', () => {
    expect(() => identityJwk('public', '{not json', { production: true })).toThrow(
      'IDENTITY_PUBLIC_KEY is not a JWK in JSON',
    );
  });
});
