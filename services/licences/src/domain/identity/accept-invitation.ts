import type { OutboxNotifier } from '@lmp/bus';
import { withTransaction, type Db } from '../../data-access/database';
import {
  findAcceptableInvitation,
  lockAcceptableInvitation,
  markInvitationAccepted,
  membershipOrInvitation,
} from '../../data-access/invitation.repository';
import { lockCompanyMembers } from '../../data-access/membership.repository';
import { lockUserMembership, type UserRecord } from '../../data-access/user.repository';
import { eventMeta } from '../event-meta';
import { joinCompany } from './join-company';

/**
 * A company-less operator who signs in with an invited address joins the company as a member:
 * at their first request after the invitation, whatever it is. The address is the one EU Login
 * vouches for (lower-cased by the gateway and here), so only its holder can accept; an expired or
 * revoked invitation, or one whose inviter is no longer an admin of the company, is not found.
 * Returns the user as they are now: a request that ran alongside the one that accepted (the
 * invitee's first page makes several at once) gets the membership read under the lock, so it
 * never answers as if the user had no company.
 *
 * Locks in the service's one order (docs/security.md, "Lock order"): the company, then the
 * user, then the invitation, as every change of a company's members does.
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
  const current = await membershipOrInvitation(db, user, now);
  if (current.companyId) return { ...user, companyId: current.companyId, companyRole: current.companyRole };
  if (!current.invited) return user;
  let accepted = false;
  const joined = await withTransaction(db, async (tx) => {
    const candidate = await findAcceptableInvitation(tx, user.email, now);
    if (!candidate) return lockUserMembership(tx, user.id);
    await lockCompanyMembers(tx, candidate.companyId);
    const membership = await lockUserMembership(tx, user.id);
    if (membership.companyId) return membership; // accepted meanwhile, by a parallel request
    const invitation = await lockAcceptableInvitation(tx, candidate.id, user.email, now);
    if (!invitation) return membership; // revoked meanwhile: the next request tries the next one
    await markInvitationAccepted(tx, invitation.id, { userId: user.id, at: now });
    const meta = eventMeta({ ...user, userId: user.id, companyId: null, companyRole: null }, now);
    const { membership: joinedAs } = await joinCompany(tx, {
      userId: user.id,
      companyId: invitation.companyId,
      role: 'member',
      meta,
      joinedAt: now,
    });
    accepted = true;
    return { companyId: joinedAs.companyId, companyRole: joinedAs.role };
  });
  if (accepted) outbox?.written();
  return { ...user, companyId: joined.companyId, companyRole: joined.companyRole };
}
