import { decodeProtectedHeader, jwtVerify, createRemoteJWKSet } from 'jose';
import {
  exchangeCode,
  getTokenSet,
  pkcePair,
  requestAuthorizationCode,
  startDevIdentityProvider,
  subjectFor,
  type DevIdentityProvider,
} from '../src';
import { verifyAccessToken } from './support/idp';

describe('authorization code flow with PKCE', () => {
  let idp: DevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ port: 0 });
  });
  afterAll(() => idp.stop());

  it('should issue a PS512 JWT access token for the gateway with the person in it', async () => {
    const tokens = await getTokenSet({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });

    const { payload, protectedHeader } = await verifyAccessToken(tokens.accessToken, { issuer: idp.issuer });
    expect(protectedHeader).toMatchObject({ alg: 'PS512', typ: 'at+jwt', kid: idp.signingKid() });
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: 'lmp-gateway',
      sub: subjectFor('anna.schmidt@autoparts.example'),
      email: 'anna.schmidt@autoparts.example',
      name: 'Anna Schmidt',
      given_name: 'Anna',
      family_name: 'Schmidt',
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(tokens.expiresIn).toBe(600);
  });

  it('should sign the ID token with PS512 for the client', async () => {
    const tokens = await getTokenSet({ issuer: idp.issuer, email: 'luca.rossi@magneti.example' });

    const jwks = createRemoteJWKSet(new URL(idp.jwksUri));
    const { payload } = await jwtVerify(tokens.idToken!, jwks, {
      issuer: idp.issuer,
      audience: 'lmp-scripts',
      algorithms: ['PS512'],
    });
    expect(payload).toMatchObject({ email: 'luca.rossi@magneti.example', name: 'Luca Rossi' });
  });

  it('should accept any e-mail address and keep its subject stable', async () => {
    const first = await getTokenSet({ issuer: idp.issuer, email: 'Jean-Marc.Leroy@Garage.example' });
    const second = await getTokenSet({ issuer: idp.issuer, email: 'jean-marc.leroy@garage.example' });
    const other = await getTokenSet({ issuer: idp.issuer, email: 'someone.else@garage.example', name: 'Some One' });

    const a = (await verifyAccessToken(first.accessToken, { issuer: idp.issuer })).payload;
    const b = (await verifyAccessToken(second.accessToken, { issuer: idp.issuer })).payload;
    const c = (await verifyAccessToken(other.accessToken, { issuer: idp.issuer })).payload;
    expect(a).toMatchObject({ email: 'jean-marc.leroy@garage.example', name: 'Jean-Marc Leroy' });
    expect(b.sub).toBe(a.sub);
    expect(c).toMatchObject({ name: 'Some One', given_name: 'Some', family_name: 'One' });
    expect(c.sub).not.toBe(a.sub);
  });

  it('should work for the web client lmp-web and its redirect URI', async () => {
    const tokens = await getTokenSet({
      issuer: idp.issuer,
      email: 'claire.dubois@ec.europa.eu',
      clientId: 'lmp-web',
      redirectUri: 'http://localhost:8080/auth/callback',
    });

    const { payload } = await verifyAccessToken(tokens.accessToken, { issuer: idp.issuer });
    expect(payload).toMatchObject({ client_id: 'lmp-web', name: 'Claire Dubois' });
  });

  it('should refuse an authorization request without PKCE', async () => {
    const refused = requestAuthorizationCode({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });

    await expect(refused).rejects.toThrow(/invalid_request .*requires PKCE/);
  });

  it('should refuse a code exchange with a wrong code_verifier', async () => {
    const { challenge } = pkcePair();
    const authorization = await requestAuthorizationCode({
      issuer: idp.issuer,
      email: 'anna.schmidt@autoparts.example',
      codeChallenge: challenge,
    });

    await expect(exchangeCode(authorization, pkcePair().verifier)).rejects.toThrow(/400.*invalid_grant/);
  });

  it('should refuse a code exchange without a code_verifier', async () => {
    const { challenge } = pkcePair();
    const authorization = await requestAuthorizationCode({
      issuer: idp.issuer,
      email: 'anna.schmidt@autoparts.example',
      codeChallenge: challenge,
    });

    await expect(exchangeCode(authorization)).rejects.toThrow(/400.*invalid_grant/);
  });
});

describe('configured audience and lifetime', () => {
  it('should put the configured audience in aud and honour the access token lifetime', async () => {
    const idp = await startDevIdentityProvider({ port: 0, audience: 'reporting-api', accessTokenTtlSeconds: 120 });
    try {
      const tokens = await getTokenSet({ issuer: idp.issuer, email: 'anna.schmidt@autoparts.example' });

      const { payload } = await verifyAccessToken(tokens.accessToken, { issuer: idp.issuer, audience: 'reporting-api' });
      expect(payload.exp! - payload.iat!).toBe(120);
      expect(decodeProtectedHeader(tokens.accessToken).alg).toBe('PS512');
    } finally {
      await idp.stop();
    }
  });
});
