import { generateKeyPair, exportJWK, SignJWT } from 'jose';
import {
  createIdentitySigner,
  createIdentityVerifier,
  identityAudience,
  identityJwk,
  importIdentityKey,
  IDENTITY_ISSUER,
  type Identity,
} from '../src';

const identity: Identity = { subject: 'eulogin-1', email: 'a@b.example', name: 'A B', role: 'operator' };
const forLicences = { audience: identityAudience('licences') };

describe('identity token', () => {
  const sign = createIdentitySigner(identityJwk('private', undefined));
  const verify = createIdentityVerifier(identityJwk('public', undefined), forLicences);

  it('carries the identity the gateway signed', async () => {
    await expect(verify(await sign(identity, forLicences))).resolves.toEqual(identity);
  });

  it('is refused when expired', async () => {
    const token = await sign(identity, { ...forLicences, ttlSeconds: -60 });
    await expect(verify(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('is refused when signed by another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const forged = createIdentitySigner({
      ...(await exportJWK(privateKey)),
      alg: 'EdDSA',
      kid: 'gateway-dev-1',
    });
    await expect(verify(await forged(identity, forLicences))).rejects.toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
    });
  });

  it('is refused when it is not a JWT at all', async () => {
    await expect(verify('not-a-token')).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });
});

describe('identity token audience', () => {
  const sign = createIdentitySigner(identityJwk('private', undefined));
  const verifyAtLicences = createIdentityVerifier(identityJwk('public', undefined), forLicences);

  it('names the one service it is for', async () => {
    const token = await sign(identity, { audience: 'lmp-reporting' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { aud: unknown };
    expect(claims.aud).toBe('lmp-reporting');
  });

  it.each(['lmp-reporting', 'lmp-transmissions', 'lmp-services'])(
    'is refused by licences when it is for %s',
    async (audience) => {
      await expect(verifyAtLicences(await sign(identity, { audience }))).rejects.toMatchObject({
        code: 'AUTH.UNAUTHENTICATED',
      });
    },
  );

  it('is refused when it is for several services, licences among them', async () => {
    const token = await new SignJWT({ email: identity.email, name: identity.name, role: identity.role })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway-dev-1', typ: 'lmp-identity+jwt' })
      .setSubject(identity.subject)
      .setIssuer(IDENTITY_ISSUER)
      .setAudience(['lmp-licences', 'lmp-reporting'])
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(await importIdentityKey(identityJwk('private', undefined)));
    await expect(verifyAtLicences(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('cannot be signed or verified without an audience', async () => {
    await expect(sign(identity, {} as never)).rejects.toThrow(/audience/);
    expect(() => createIdentityVerifier(identityJwk('public', undefined), {} as never)).toThrow(/audience/);
  });
});

describe('identity verification cache', () => {
  it('answers a repeated token the same, and still refuses a forged one', async () => {
    const sign = createIdentitySigner(identityJwk('private', undefined));
    const verify = createIdentityVerifier(identityJwk('public', undefined), forLicences);
    const token = await sign(identity, forLicences);
    await expect(verify(token)).resolves.toEqual(identity);
    await expect(verify(token)).resolves.toEqual(identity);
    const [header, , signature] = token.split('.');
    const otherClaims = Buffer.from(JSON.stringify({ role: 'commission' })).toString('base64url');
    await expect(verify(`${header}.${otherClaims}.${signature}`)).rejects.toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
    });
  });
});
