import { randomUUID } from 'node:crypto';
import type { Identity } from '@lmp/auth';
import type { Db } from '../data-access/database';
import { findUserByEmail, upsertUser } from '../data-access/user.repository';
import type { Actor } from './actor';

/**
 * Maps the gateway's identity to the platform user, creating it on first sign-in. The read comes
 * first so that a signed-in user's requests cost no write.
 */
export async function resolveActor({ db, identity }: { db: Db; identity: Identity }): Promise<Actor> {
  const email = identity.email.toLowerCase();
  let user = await findUserByEmail(db, email);
  if (!user || user.subject !== identity.subject || user.name !== identity.name || user.role !== identity.role) {
    user = await upsertUser(db, { id: randomUUID(), subject: identity.subject, email, name: identity.name, role: identity.role });
  }
  return { userId: user.id, email: user.email, name: user.name, role: user.role, companyId: user.companyId };
}
