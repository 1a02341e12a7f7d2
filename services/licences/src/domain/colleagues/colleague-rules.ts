import type { CompanyRole } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Tx } from '../../data-access/database';
import {
  countAdmins,
  findMembership,
  lockCompanyMembers,
  type MembershipRow,
} from '../../data-access/membership.repository';
import { assertCompanyAdmin, type Actor } from '../identity/actor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is a colleague (or invitation) that does not exist. */
export function assertId(id: string, what: string): void {
  if (!UUID.test(id)) throw new AppError('RESOURCE.NOT_FOUND', `No such ${what}`);
}

/**
 * Opens a change of the actor's company's members: takes the company's lock (one change at a
 * time per company) and checks, under it, that the actor is still one of its admins.
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
  const losesAdmin = member.role === 'admin' && (change === 'removed' || change.role !== 'admin');
  if (losesAdmin && (await countAdmins(tx, member.companyId)) <= 1) {
    throw new AppError(
      'COMPANY.LAST_ADMIN',
      'This is the company’s last admin: make another colleague admin first',
    );
  }
}
