import type { OutboxNotifier } from '@lmp/bus';
import { withTransaction, type Db } from '../../data-access/database';
import {
  hasAcceptableInvitation,
  lockAcceptableInvitation,
  markInvitationAccepted,
} from '../../data-access/invitation.repository';
import { lockUserMembership, type UserRecord } from '../../data-access/user.repository';
import { eventMeta } from '../event-meta';
import { joinCompany } from './join-company';

/**
 * A company-less operator who signs in with an invited address joins the company as a member:
 * at their first request after the invitation, whatever it is. The address is the one EU Login
 * vouches for (lower-cased by the gateway and here), so only its holder can accept; an expired or
 * revoked invitation is not found. Returns the user as they are now.
 */
export async function acceptPendingInvitation({
  db,
  outbox,
  user,
  now = new Date(),
}: {
  db: Db;
  outbox?: OutboxNotifier;
  user: UserRecord;
  now?: Date;
}): Promise<UserRecord> {
  if (user.role !== 'operator' || user.companyId) return user;
  // The common case (no invitation) costs one indexed read and no transaction.
  if (!(await hasAcceptableInvitation(db, user.email, now))) return user;
  const joined = await withTransaction(db, async (tx) => {
    if ((await lockUserMembership(tx, user.id)).companyId) return undefined; // joined meanwhile
    const invitation = await lockAcceptableInvitation(tx, user.email, now);
    if (!invitation) return undefined;
    await markInvitationAccepted(tx, invitation.id, { userId: user.id, at: now });
    const meta = eventMeta({ ...user, userId: user.id, companyId: null, companyRole: null }, now);
    const { membership } = await joinCompany(tx, {
      userId: user.id,
      companyId: invitation.companyId,
      role: 'member',
      meta,
      joinedAt: now,
    });
    return membership;
  });
  if (!joined) return user;
  outbox?.written();
  return { ...user, companyId: joined.companyId, companyRole: joined.role };
}
