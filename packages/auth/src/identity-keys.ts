import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importJWK, type CryptoKey, type JWK } from 'jose';

const DEV_KEY_DIR = path.join(__dirname, '..', 'dev-keys');

/**
 * Reads a JWK from an environment value (JSON text). Without one, outside production, the
 * development key pair committed under dev-keys/ is used (clearly marked, never for production).
 */
export function identityJwk(kind: 'public' | 'private', envValue: string | undefined): JWK {
  if (envValue) return JSON.parse(envValue) as JWK;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`IDENTITY_${kind.toUpperCase()}_KEY must be set in production`);
  }
  const file = path.join(DEV_KEY_DIR, `identity.dev.${kind}.jwk.json`);
  const { _comment, ...jwk } = JSON.parse(readFileSync(file, 'utf8')) as JWK & { _comment?: string };
  void _comment;
  return jwk;
}

export async function importIdentityKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, jwk.alg ?? 'EdDSA')) as CryptoKey;
}
