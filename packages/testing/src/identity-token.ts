import { randomUUID } from 'node:crypto';
import { createIdentitySigner, identityJwk, IDENTITY_HEADER, type Identity } from '@lmp/auth';

const signIdentity = createIdentitySigner(identityJwk('private', process.env.IDENTITY_PRIVATE_KEY));

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

/** Mints the identity token the gateway would send, signed with the development key. */
export async function mintIdentityToken(identity: Identity, ttlSeconds?: number): Promise<string> {
  return signIdentity(identity, ttlSeconds);
}

/** Headers for a request to a service as the given identity. */
export async function identityHeaders(identity: Identity): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await mintIdentityToken(identity) };
}
