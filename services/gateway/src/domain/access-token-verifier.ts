import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Identity } from '@lmp/auth';
import { AppError } from '@lmp/errors';
import { IssuerKeysUnavailableError } from '../data-access/issuer-keys';
import type { CommissionRule } from './commission-rule';
import { identityFromClaims } from './identity-from-claims';
import { InvalidTokenError } from './invalid-token.error';

export interface AccessTokenPolicy {
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  /** Tokens issued longer ago than this are refused even when `exp` is later. */
  maxTokenAgeSeconds: number;
  retryAfterSeconds: number;
  /** A verified token is trusted again for this long (never past its `exp`); 0 verifies every time. */
  verifiedCacheSeconds: number;
}

const MAX_CACHED_TOKENS = 20_000;

export type AccessTokenVerifier = (token: string) => Promise<Identity>;

/**
 * Verifies an EU Login access token: signature by a key the issuer publishes, one of the allowed
 * algorithms (never `none` or a shared secret), exactly our issuer, our audience, `exp` required,
 * `nbf` and `iat` within the clock tolerance. Every failure is a 401 with a reason; only an
 * unreachable identity provider with no cached keys is a 503.
 */
export function createAccessTokenVerifier(
  getKey: JWTVerifyGetKey,
  policy: AccessTokenPolicy,
  isCommission: CommissionRule,
): AccessTokenVerifier {
  const options = {
    issuer: policy.issuer,
    audience: policy.audience,
    algorithms: policy.algorithms,
    clockTolerance: policy.clockToleranceSeconds,
    maxTokenAge: policy.maxTokenAgeSeconds,
    requiredClaims: ['exp', 'iat', 'sub'],
  };
  // Verifying a PS512 signature is the largest cost of a proxied request; a client sends the same
  // token many times in a row. Only tokens that verified are kept (so junk cannot fill the map).
  const verified = new Map<string, { identity: Identity; until: number }>();
  return async function verifyAccessToken(token) {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit.identity;
    if (hit) verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, getKey, options);
      const identity = identityFromClaims(payload, isCommission);
      const until = Math.min(
        (payload.exp! + policy.clockToleranceSeconds) * 1000,
        now + policy.verifiedCacheSeconds * 1000,
      );
      if (until > now) {
        if (verified.size >= MAX_CACHED_TOKENS) verified.delete(verified.keys().next().value!);
        verified.set(token, { identity, until });
      }
      return identity;
    } catch (error) {
      throw toAuthError(error, policy.retryAfterSeconds);
    }
  };
}

const claimReasons: Record<string, string> = {
  iss: 'was not issued by the configured identity provider (issuer)',
  aud: 'is not meant for this platform (audience)',
  nbf: 'is not valid yet (nbf)',
  iat: 'has an issue time in the future or too far in the past (iat)',
  exp: 'has no valid expiry (exp)',
  sub: 'names no subject (sub)',
};

function toAuthError(error: unknown, retryAfter: number): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof IssuerKeysUnavailableError) {
    return new AppError(
      'DEPENDENCY.UNAVAILABLE',
      'Sign-in cannot be checked: the identity provider is unreachable',
      {
        cause: error,
        retryAfter,
      },
    );
  }
  const reason = reasonFor(error);
  return new InvalidTokenError(`The access token ${reason}`, { cause: error });
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? claimReasons.iat! : 'has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.reason === 'missing'
      ? `lacks the required "${error.claim}" claim`
      : (claimReasons[error.claim] ?? `has an invalid "${error.claim}" claim`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'is signed with an algorithm that is not accepted';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'has a signature that does not verify';
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'is signed with a key the identity provider does not publish';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'does not name its key (kid)';
  return 'is malformed';
}
