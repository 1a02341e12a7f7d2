import { jwtVerify, SignJWT, type JWK } from 'jose';
import { AppError } from '@lmp/errors';
import {
  IDENTITY_AUDIENCE,
  IDENTITY_ISSUER,
  IDENTITY_TTL_SECONDS,
  ZIdentity,
  type Identity,
} from './identity';
import { importIdentityKey } from './identity-keys';

/** Signs the identity the gateway passes to a service (EdDSA, 60 s). */
export function createIdentitySigner(privateJwk: JWK) {
  const keyPromise = importIdentityKey(privateJwk);
  return async function signIdentity(identity: Identity, ttlSeconds = IDENTITY_TTL_SECONDS): Promise<string> {
    const { subject, ...claims } = identity;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: privateJwk.alg ?? 'EdDSA', kid: privateJwk.kid, typ: 'lmp-identity+jwt' })
      .setSubject(subject)
      .setIssuer(IDENTITY_ISSUER)
      .setAudience(IDENTITY_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(await keyPromise);
  };
}

/**
 * Verifies a gateway identity token; any failure is a 401, never a 500. A token already verified
 * is remembered until it expires (the gateway reuses a token for a while), which saves the
 * signature check on most requests.
 */
export function createIdentityVerifier(publicJwk: JWK, cacheSize = 10_000) {
  const keyPromise = importIdentityKey(publicJwk);
  const verified = new Map<string, { identity: Identity; expiresAt: number }>();
  return async function verifyIdentity(token: string): Promise<Identity> {
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.identity;
    if (hit) verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        issuer: IDENTITY_ISSUER,
        audience: IDENTITY_AUDIENCE,
        algorithms: [publicJwk.alg ?? 'EdDSA'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
        typ: 'lmp-identity+jwt',
      });
      const identity = ZIdentity.parse({ ...payload, subject: payload.sub });
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
      verified.set(token, { identity, expiresAt: payload.exp! * 1000 });
      return identity;
    } catch (error) {
      throw new AppError('AUTH.UNAUTHENTICATED', 'A valid identity token from the gateway is required', {
        cause: error,
      });
    }
  };
}

export type IdentityVerifier = ReturnType<typeof createIdentityVerifier>;
export type IdentitySigner = ReturnType<typeof createIdentitySigner>;
