import type { CompanyRole } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Tx } from '../../data-access/database';
import { revokeInvitationsOf } from '../../data-access/invitation.repository';
import {
  countAdmins,
  findMembership,
  lockCompanyMembers,
  type MembershipRow,
} from '../../data-access/membership.repository';
import { assertCompanyAdmin, type Actor } from '../identity/actor';
import { assertId } from '../resource-id';

/**
 * The one admin rule: the actor says they are an admin of their company (a check that costs
 * nothing), and, under the company's lock, still is. Every change an admin makes (members,
 * invitations, the company's details) opens with it.
 *
 * Lock order, the same in every transaction of this service that takes more than one lock:
 * company → user → invitation. The company comes first (here), so two changes of one company's
 * members, or a change and an acceptance, wait for each other instead of deadlocking.
 */
export async function lockAsAdmin(tx: Tx, actor: Actor): Promise<string> {
  assertCompanyAdmin(actor);
  await lockCompanyMembers(tx, actor.companyId);
  const self = await findMembership(tx, actor.companyId, actor.userId);
  if (self?.role !== 'admin') {
    throw new AppError('COMPANY.ADMIN_REQUIRED', "Only your company's admins can do this");
  }
  return actor.companyId;
}

export async function colleagueOf(tx: Tx, companyId: string, userId: string): Promise<MembershipRow> {
  assertId(userId, 'colleague');
  const member = await findMembership(tx, companyId, userId);
  if (!member) throw new AppError('RESOURCE.NOT_FOUND', 'No such colleague in your company');
  return member;
}

/** A company keeps at least one admin: the last one is neither demoted nor removed. */
export async function assertKeepsAnAdmin(
  tx: Tx,
  member: MembershipRow,
  change: { role: CompanyRole } | 'removed',
): Promise<void> {
  if (losesAdmin(member, change) && (await countAdmins(tx, member.companyId)) <= 1) {
    throw new AppError(
      'COMPANY.LAST_ADMIN',
      'This is the company’s last admin: make another colleague admin first',
    );
  }
}

const losesAdmin = (member: MembershipRow, change: { role: CompanyRole } | 'removed') =>
  member.role === 'admin' && (change === 'removed' || change.role !== 'admin');

/**
 * An admin who is removed or demoted can no longer invite, and the invitations they sent stop
 * with them: revoked in the same transaction (acceptance also checks the inviter is still an
 * admin, invitation.repository.ts ACCEPTABLE). A member's invitations (none: only admins invite)
 * are revoked on removal all the same.
 */
export async function revokeInvitationsOnLeaving(
  tx: Tx,
  member: MembershipRow,
  change: { role: CompanyRole } | 'removed',
  by: { userId: string; at: Date },
): Promise<void> {
  if (change === 'removed' || losesAdmin(member, change))
    await revokeInvitationsOf(tx, member.companyId, member.userId, by);
}
