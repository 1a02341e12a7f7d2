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

/**
 * RFC 7638 thumbprint of a key's public part: the same for a private key and its public half, and
 * for copies that differ only in `kid`, `alg`, `use` or other optional members.
 */
export function identityKeyThumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, e: jwk.e, n: jwk.n } as JWK);
}

/** Thumbprint of the development key pair committed under dev-keys/. */
export function developmentKeyThumbprint(): Promise<string> {
  return identityKeyThumbprint(devKey('public'));
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
  try {
    return JSON.parse(configValue) as JWK;
  } catch {
    throw new Error(`IDENTITY_${kind.toUpperCase()}_KEY is not a JWK in JSON`);
  }
}

/**
 * Refuses, in production, a key whose public part is the committed development key's (compared
 * by thumbprint, so a copy with other `kid` or `alg` members, or the private half, is caught too).
 * `setting` names the variable the key came from, for the message.
 */
export async function assertNotDevelopmentKey(
  jwk: JWK,
  options: { production: boolean; setting?: string },
): Promise<void> {
  if (!options.production) return;
  if ((await identityKeyThumbprint(jwk)) === (await developmentKeyThumbprint())) {
    throw new Error(
      `${options.setting ?? 'The configured identity key'} is the development key committed in ` +
        'packages/auth/dev-keys, which anyone can read: production needs a key pair of its own',
    );
  }
}

export async function importIdentityKey(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, jwk.alg ?? 'EdDSA')) as CryptoKey;
}
