import { decodeProtectedHeader, errors } from 'jose';
import {
  exchangeCode,
  getAccessToken,
  pkcePair,
  requestAuthorizationCode,
  startDevIdentityProvider,
  type DevIdentityProvider,
} from '../src';
import { generateSigningKey } from '../src/keys';
import { fetchJson, verifyAccessToken } from './support/idp';

const kidsIn = async (idp: DevIdentityProvider) =>
  (await fetchJson<{ keys: { kid: string }[] }>(idp.jwksUri)).keys.map((key) => key.kid);

describe('rotateKeys', () => {
  let idp: DevIdentityProvider;
  beforeEach(async () => {
    idp = await startDevIdentityProvider({ port: 0 });
  });
  afterEach(() => idp.stop());

  it('should sign new tokens with a new kid and keep the old key published', async () => {
    const before = await getAccessToken({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });
    const oldKid = decodeProtectedHeader(before).kid;

    const { kid } = await idp.rotateKeys();
    const after = await getAccessToken({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });

    expect(kid).not.toBe(oldKid);
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(idp.signingKid()).toBe(kid);
    expect(await kidsIn(idp)).toEqual([kid, oldKid]);
    await expect(verifyAccessToken(before, { issuer: idp.issuer })).resolves.toBeDefined();
    await expect(verifyAccessToken(after, { issuer: idp.issuer })).resolves.toBeDefined();
  });

  it('should drop the old keys when asked, so old tokens no longer verify', async () => {
    const before = await getAccessToken({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });

    const { kid } = await idp.rotateKeys({ dropOld: true });

    expect(await kidsIn(idp)).toEqual([kid]);
    await expect(verifyAccessToken(before, { issuer: idp.issuer })).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('should still exchange a code issued before the rotation, signing with the new key', async () => {
    const { verifier, challenge } = pkcePair();
    const authorization = await requestAuthorizationCode({
      issuer: idp.issuer,
      email: 'luca.rossi@magneti.example',
      codeChallenge: challenge,
    });
    const { kid } = await idp.rotateKeys();

    const { accessToken } = await exchangeCode(authorization, verifier);

    expect(decodeProtectedHeader(accessToken).kid).toBe(kid);
    await expect(verifyAccessToken(accessToken, { issuer: idp.issuer })).resolves.toBeDefined();
  });
});

describe('given keys', () => {
  it('should sign with the key it was given', async () => {
    const key = await generateSigningKey();
    const idp = await startDevIdentityProvider({ port: 0, keys: [{ ...key, kid: 'given-key-1' }] });
    try {
      const token = await getAccessToken({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });

      expect(decodeProtectedHeader(token).kid).toBe('given-key-1');
    } finally {
      await idp.stop();
    }
  });

  it('should refuse keys that cannot sign PS512', async () => {
    await expect(startDevIdentityProvider({ port: 0, keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }] })).rejects.toThrow(
      /private RSA JWKs/,
    );
  });
});
