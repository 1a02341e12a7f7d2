import { randomUUID } from 'node:crypto';
import type { Identity } from '@lmp/auth';
import type { Db } from '../../data-access/database';
import { findUserByEmail, upsertUser } from '../../data-access/user.repository';
import type { Actor } from './actor';
import type { ActorCache } from './actor-cache';

/**
 * Maps the gateway's identity to the platform user, creating it on first sign-in. The read comes
 * first so that a signed-in user's requests cost no write.
 */
export async function resolveActor({
  db,
  identity,
  cache,
}: {
  db: Db;
  identity: Identity;
  cache?: ActorCache;
}): Promise<Actor> {
  const key = [identity.subject, identity.email, identity.name, identity.role].join('\u0000');
  const cached = cache?.get(key);
  if (cached) return cached;
  const email = identity.email.toLowerCase();
  let user = await findUserByEmail(db, email);
  if (
    !user ||
    user.subject !== identity.subject ||
    user.name !== identity.name ||
    user.role !== identity.role
  ) {
    user = await upsertUser(db, {
      id: randomUUID(),
      subject: identity.subject,
      email,
      name: identity.name,
      role: identity.role,
    });
  }
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyId: user.companyId,
  };
  cache?.set(key, actor);
  return actor;
}
