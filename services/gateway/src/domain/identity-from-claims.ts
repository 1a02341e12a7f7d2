import type { JWTPayload } from 'jose';
import { ZIdentity, type Identity } from '@lmp/auth';
import { InvalidTokenError } from './invalid-token.error';
import type { CommissionRule } from './commission-rule';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * The identity the gateway vouches for, from a verified EU Login access token: `sub`, the e-mail
 * address and the person's name. The Commission role needs an address the configured rule names
 * and that EU Login did not mark unverified.
 */
export function identityFromClaims(claims: JWTPayload, isCommission: CommissionRule): Identity {
  const email = text(claims.email)?.toLowerCase();
  if (!email) throw new InvalidTokenError('The access token carries no e-mail address');
  const joined = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const name = text(claims.name) ?? (joined || email);
  const verified = claims.email_verified !== false;
  const parsed = ZIdentity.safeParse({
    subject: claims.sub,
    email,
    name,
    role: verified && isCommission(email) ? 'commission' : 'operator',
  });
  if (!parsed.success)
    throw new InvalidTokenError('The access token does not identify a person (sub, email)');
  return parsed.data;
}
