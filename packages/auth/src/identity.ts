import { z } from 'zod';

export const ROLES = ['operator', 'commission'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The identity the gateway vouches for after verifying the EU Login token. `subject` is EU Login's
 * `sub`; the services map it (and the e-mail) to their own user record.
 */
export const ZIdentity = z.object({
  subject: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  role: z.enum(ROLES),
});
export type Identity = z.infer<typeof ZIdentity>;

export const IDENTITY_ISSUER = 'lmp-gateway';

/**
 * The audience of identity tokens for one service (`lmp-licences`): the gateway signs a token per
 * service it calls and each service accepts only its own, so a token seen in one service's
 * traffic is useless at another.
 */
export function identityAudience(service: string): string {
  return `lmp-${service}`;
}

/** Short-lived on purpose: a captured token is good for a minute at most, at one service. */
export const IDENTITY_TTL_SECONDS = 60;
