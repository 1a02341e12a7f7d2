import { ZMemberRoleInput, type CompanyMember } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { updateMembershipRole } from '../../data-access/membership.repository';
import { assertCompanyAdmin, type Actor } from '../identity/actor';
import { assertKeepsAnAdmin, colleagueOf, lockAsAdmin } from './colleague-rules';

/** PATCH /me/company/members/{userId}: an admin promotes a colleague, or demotes one (never the last admin). */
export async function changeMemberRole({
  db,
  actor,
  userId,
  input,
}: {
  db: Db;
  actor: Actor;
  userId: string;
  input: unknown;
}): Promise<CompanyMember> {
  assertCompanyAdmin(actor);
  const { role } = parseOrThrow(ZMemberRoleInput, input);
  return withTransaction(db, async (tx) => {
    const companyId = await lockAsAdmin(tx, actor);
    const member = await colleagueOf(tx, companyId, userId);
    await assertKeepsAnAdmin(tx, member, { role });
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
