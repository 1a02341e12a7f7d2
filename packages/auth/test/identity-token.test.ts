import { generateKeyPair, exportJWK } from 'jose';
import { createIdentitySigner, createIdentityVerifier, identityJwk, type Identity } from '../src';

const identity: Identity = { subject: 'eulogin-1', email: 'a@b.example', name: 'A B', role: 'operator' };

describe('identity token', () => {
  const sign = createIdentitySigner(identityJwk('private', undefined));
  const verify = createIdentityVerifier(identityJwk('public', undefined));

  it('carries the identity the gateway signed', async () => {
    await expect(verify(await sign(identity))).resolves.toEqual(identity);
  });

  it('is refused when expired', async () => {
    const token = await sign(identity, -60);
    await expect(verify(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('is refused when signed by another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const forged = createIdentitySigner({
      ...(await exportJWK(privateKey)),
      alg: 'EdDSA',
      kid: 'gateway-dev-1',
    });
    await expect(verify(await forged(identity))).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('is refused when it is not a JWT at all', async () => {
    await expect(verify('not-a-token')).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });
});

describe('identity verification cache', () => {
  it('answers a repeated token the same, and still refuses a forged one', async () => {
    const sign = createIdentitySigner(identityJwk('private', undefined));
    const verify = createIdentityVerifier(identityJwk('public', undefined));
    const token = await sign(identity);
    await expect(verify(token)).resolves.toEqual(identity);
    await expect(verify(token)).resolves.toEqual(identity);
    const [header, , signature] = token.split('.');
    const otherClaims = Buffer.from(JSON.stringify({ role: 'commission' })).toString('base64url');
    await expect(verify(`${header}.${otherClaims}.${signature}`)).rejects.toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
    });
  });
});
