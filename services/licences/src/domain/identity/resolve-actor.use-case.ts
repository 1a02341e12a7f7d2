import { randomUUID } from 'node:crypto';
import type { Identity } from '@lmp/auth';
import type { OutboxNotifier } from '@lmp/bus';
import type { Db } from '../../data-access/database';
import { findUserByEmail, upsertUser, type UserRecord } from '../../data-access/user.repository';
import { bindProvisionedUser } from '../eusurvey-migration/bind-provisioned-user';
import { acceptPendingInvitation } from './accept-invitation';
import type { Actor } from './actor';

/**
 * Maps the gateway's identity to the platform user, at every request: the one place where an
 * identity becomes a user. Nothing is cached, so a removed colleague's next request already
 * finds them without a company (docs/security.md, "Colleagues and access"); the cost is one
 * indexed read by e-mail. Steps:
 *   1. the user by e-mail (one e-mail address = one user), created on first sign-in, refreshed
 *      when EU Login says something new of them (subject, name, role); a user the EU Survey
 *      migration pre-provisioned (placeholder subject) is bound to this identity first;
 *   2. bindOnSignIn: a company-less operator joins the company that is waiting for them (an open
 *      invitation to their address). Other ways of binding a user at sign-in go there too.
 */
export async function resolveActor({
  db,
  identity,
  outbox,
}: {
  db: Db;
  identity: Identity;
  outbox?: OutboxNotifier;
}): Promise<Actor> {
  const email = identity.email.toLowerCase();
  let user = await findUserByEmail(db, email);
  if (
    !user ||
    user.subject !== identity.subject ||
    user.name !== identity.name ||
    user.role !== identity.role
  ) {
    await bindProvisionedUser(db, user, identity); // EU Survey migration: a pre-provisioned respondent's first sign-in
    user = await upsertUser(db, {
      id: randomUUID(),
      subject: identity.subject,
      email,
      name: identity.name,
      role: identity.role,
    });
  }
  user = await bindOnSignIn({ db, outbox, user });
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyId: user.companyId,
    companyRole: user.companyRole,
  };
}

/** Step 2 of resolveActor: only for an operator without a company, so a member's request skips it. */
export async function bindOnSignIn(options: {
  db: Db;
  outbox?: OutboxNotifier;
  user: UserRecord;
}): Promise<UserRecord> {
  if (options.user.role !== 'operator' || options.user.companyId) return options.user;
  return acceptPendingInvitation(options);
}
