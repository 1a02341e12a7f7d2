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

/** Verifies a gateway identity token; any failure is a 401, never a 500. */
export function createIdentityVerifier(publicJwk: JWK) {
  const keyPromise = importIdentityKey(publicJwk);
  return async function verifyIdentity(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        issuer: IDENTITY_ISSUER,
        audience: IDENTITY_AUDIENCE,
        algorithms: [publicJwk.alg ?? 'EdDSA'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
        typ: 'lmp-identity+jwt',
      });
      return ZIdentity.parse({ ...payload, subject: payload.sub });
    } catch (error) {
      throw new AppError('AUTH.UNAUTHENTICATED', 'A valid identity token from the gateway is required', {
        cause: error,
      });
    }
  };
}

export type IdentityVerifier = ReturnType<typeof createIdentityVerifier>;
export type IdentitySigner = ReturnType<typeof createIdentitySigner>;
