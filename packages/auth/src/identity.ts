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
export const IDENTITY_AUDIENCE = 'lmp-services';
/** Short-lived on purpose: a token is minted per request by the gateway. */
export const IDENTITY_TTL_SECONDS = 60;
