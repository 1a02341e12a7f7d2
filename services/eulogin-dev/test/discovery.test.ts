import { startDevIdentityProvider, type DevIdentityProvider } from '../src';
import { fetchJson } from './support/idp';

describe('discovery', () => {
  let idp: DevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ port: 0 });
  });
  afterAll(() => idp.stop());

  it('should publish the /cas/oauth2 issuer and PS512 signing, like EU Login', async () => {
    const discovery = await fetchJson(`${idp.url}/cas/oauth2/.well-known/openid-configuration`);

    expect(discovery.issuer).toBe(idp.issuer);
    expect(idp.issuer).toBe(`${idp.url}/cas/oauth2`);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['PS512']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.jwks_uri).toBe(`${idp.issuer}/jwks`);
  });

  it('should publish only public PS512 keys in the JWKS', async () => {
    const { keys } = await fetchJson<{ keys: Record<string, string>[] }>(idp.jwksUri);

    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'PS512', use: 'sig', kid: idp.signingKid() });
    for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(privatePart);
  });

  it('should answer /healthz with 200', async () => {
    const response = await fetch(`${idp.url}/healthz`);

    expect(response.status).toBe(200);
  });
});
