import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';

const DEV_KEY_DIR = path.join(__dirname, '..', 'dev-keys');

function devKey(kind: 'public' | 'private'): JWK {
  const file = path.join(DEV_KEY_DIR, `identity.dev.${kind}.jwk.json`);
  const { _comment, ...jwk } = JSON.parse(readFileSync(file, 'utf8')) as JWK & { _comment?: string };
  void _comment;
  return jwk;
}

/** RFC 7638 thumbprint of the committed development key's public part. */
function thumbprintOf(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, e: jwk.e, n: jwk.n } as JWK);
}

/**
 * Reads a JWK from a configuration value (JSON text). Without one, outside production, the
 * development key pair committed under dev-keys/ is used (clearly marked, never for production).
 * In production a key is required and the committed development key is refused: anyone can read
 * it in the repository and sign identities with it.
 */
export function identityJwk(
  kind: 'public' | 'private',
  configValue: string | undefined,
  options: { production?: boolean } = {},
): JWK {
  const production = options.production ?? false;
  if (!configValue) {
    if (production) throw new Error(`IDENTITY_${kind.toUpperCase()}_KEY must be set in production`);
    return devKey(kind);
  }
  return JSON.parse(configValue) as JWK;
}

/**
 * Refuses, in production, a key whose public part is the committed development key's (compared
 * by thumbprint, so a copy with other `kid` or `alg` members is caught too).
 */
export async function assertNotDevelopmentKey(jwk: JWK, options: { production: boolean }): Promise<void> {
  if (!options.production) return;
  if ((await thumbprintOf(jwk)) === (await thumbprintOf(devKey('public')))) {
    throw new Error(
      'The configured identity key is the development key committed in packages/auth/dev-keys; ' +
        'production needs a key pair of its own',
    );
  }
}

export async function importIdentityKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, jwk.alg ?? 'EdDSA')) as CryptoKey;
}
