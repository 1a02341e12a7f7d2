import { jwtVerify, SignJWT, type JWK } from 'jose';
import { AppError } from '@lmp/errors';
import { IDENTITY_ISSUER, IDENTITY_TTL_SECONDS, ZIdentity, type Identity } from './identity';
import { importIdentityKey } from './identity-keys';

export interface SignIdentityOptions {
  /** The one service the token is for (`identityAudience('licences')`); no other accepts it. */
  audience: string;
  /** Default IDENTITY_TTL_SECONDS (60). */
  ttlSeconds?: number;
}

/** Signs the identity the gateway passes to one service (EdDSA, 60 s, that service's audience). */
export function createIdentitySigner(privateJwk: JWK) {
  const keyPromise = importIdentityKey(privateJwk);
  return async function signIdentity(identity: Identity, options: SignIdentityOptions): Promise<string> {
    if (!options?.audience) throw new Error('an identity token needs the audience of the service it is for');
    const { subject, ...claims } = identity;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: privateJwk.alg ?? 'EdDSA', kid: privateJwk.kid, typ: 'lmp-identity+jwt' })
      .setSubject(subject)
      .setIssuer(IDENTITY_ISSUER)
      .setAudience(options.audience)
      .setIssuedAt()
      .setExpirationTime(`${options.ttlSeconds ?? IDENTITY_TTL_SECONDS}s`)
      .sign(await keyPromise);
  };
}

export interface IdentityVerifierOptions {
  /** This service's audience (`identityAudience('licences')`): tokens for any other are refused. */
  audience: string;
  /** Verified tokens remembered at most. Default 10 000. */
  cacheSize?: number;
}

/**
 * Verifies a gateway identity token for this service; any failure is a 401, never a 500. A token
 * already verified is remembered until it expires (the gateway reuses a token for a while), which
 * saves the signature check on most requests.
 */
export function createIdentityVerifier(publicJwk: JWK, options: IdentityVerifierOptions) {
  if (!options?.audience) throw new Error('an identity verifier needs the audience of its own service');
  const { audience, cacheSize = 10_000 } = options;
  const keyPromise = importIdentityKey(publicJwk);
  const verified = new Map<string, { identity: Identity; expiresAt: number }>();
  return async function verifyIdentity(token: string): Promise<Identity> {
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.identity;
    if (hit) verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        issuer: IDENTITY_ISSUER,
        audience,
        algorithms: [publicJwk.alg ?? 'EdDSA'],
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
        typ: 'lmp-identity+jwt',
      });
      // One audience only: a token addressed to this service and others would be good at those too.
      if (Array.isArray(payload.aud) && payload.aud.length !== 1) throw new Error('more than one audience');
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
