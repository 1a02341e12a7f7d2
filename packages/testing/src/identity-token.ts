import { randomUUID } from 'node:crypto';
import {
  createIdentitySigner,
  identityAudience,
  identityJwk,
  IDENTITY_HEADER,
  type Identity,
} from '@lmp/auth';

const signIdentity = createIdentitySigner(identityJwk('private', process.env.IDENTITY_PRIVATE_KEY));

/** The audience tokens are minted for unless a test names another: the licences service. */
export const DEFAULT_TEST_AUDIENCE = identityAudience('licences');

/** A unique operator identity; override any field. */
export function anIdentity(overrides: Partial<Identity> = {}): Identity {
  const id = randomUUID().slice(0, 8);
  return {
    subject: `eulogin-${id}`,
    email: `operator-${id}@company-${id}.example`,
    name: `Operator ${id}`,
    role: 'operator',
    ...overrides,
  };
}

export interface MintOptions {
  /** The service the token is for (`lmp-reporting`). Default: licences. */
  audience?: string;
  /** Default 60 s, as the gateway mints them. */
  ttlSeconds?: number;
}

/**
 * Mints the identity token the gateway would send to a service, signed with the development key.
 * A number as second argument is the lifetime in seconds.
 */
export async function mintIdentityToken(
  identity: Identity,
  options: MintOptions | number = {},
): Promise<string> {
  const { audience = DEFAULT_TEST_AUDIENCE, ttlSeconds } =
    typeof options === 'number' ? { ttlSeconds: options } : options;
  return signIdentity(identity, { audience, ttlSeconds });
}

/** Headers for a request to a service (default: licences) as the given identity. */
export async function identityHeaders(
  identity: Identity,
  options: MintOptions = {},
): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await mintIdentityToken(identity, options) };
}
