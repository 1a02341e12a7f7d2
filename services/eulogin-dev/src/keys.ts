import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export const SIGNING_ALG = 'PS512';

/** A private RSA JWK that signs with PS512, as oidc-provider's `jwks` configuration wants it. */
export type SigningKey = JWK & { kid: string; alg: typeof SIGNING_ALG; use: 'sig' };

export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
  return toSigningKey(await exportJWK(privateKey));
}

/** Checks a given key and fills in alg, use and kid (the RFC 7638 thumbprint when absent). */
export async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string') {
    throw new Error('signing keys must be private RSA JWKs (kty "RSA" with "d")');
  }
  if (jwk.alg !== undefined && jwk.alg !== SIGNING_ALG) {
    throw new Error(`signing keys must be for ${SIGNING_ALG}, got ${jwk.alg}`);
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk, 'sha256'));
  return { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
}
