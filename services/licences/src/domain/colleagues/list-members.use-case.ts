import type { CompanyMember } from '@lmp/contracts';
import type { Db } from '../../data-access/database';
import { listMembers } from '../../data-access/membership.repository';
import { assertCompanyMember, type Actor } from '../identity/actor';

/** GET /me/company/members: every colleague sees who else works for the company. */
export async function listCompanyMembers({ db, actor }: { db: Db; actor: Actor }): Promise<CompanyMember[]> {
  assertCompanyMember(actor);
  return listMembers(db, actor.companyId);
}
