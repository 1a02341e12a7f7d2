import { ZMemberRoleInput, type CompanyMember } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { updateMembershipRole } from '../../data-access/membership.repository';
import { assertCompanyAdmin, type Actor } from '../identity/actor';
import { assertKeepsAnAdmin, colleagueOf, lockAsAdmin, revokeInvitationsOnLeaving } from './colleague-rules';

/**
 * PATCH /me/company/members/{userId}: an admin promotes a colleague, or demotes one (never the
 * last admin); a demoted admin's open invitations are revoked with the demotion.
 */
export async function changeMemberRole({
  db,
  actor,
  userId,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  userId: string;
  input: unknown;
  now?: Date;
}): Promise<CompanyMember> {
  assertCompanyAdmin(actor);
  const { role } = parseOrThrow(ZMemberRoleInput, input);
  return withTransaction(db, async (tx) => {
    const companyId = await lockAsAdmin(tx, actor);
    const member = await colleagueOf(tx, companyId, userId);
    await assertKeepsAnAdmin(tx, member, { role });
    await revokeInvitationsOnLeaving(tx, member, { role }, { userId: actor.userId, at: now });
    const updated =
      member.role === role ? member : (await updateMembershipRole(tx, companyId, userId, role))!;
    return {
      id: updated.userId,
      email: updated.email,
      name: updated.name,
      role: updated.role,
      joinedAt: updated.joinedAt,
    };
  });
}
