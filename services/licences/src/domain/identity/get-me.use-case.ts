import type { Me } from '@lmp/contracts';
import type { Db } from '../../data-access/database';
import { findCompany } from '../../data-access/company.repository';
import type { Actor } from './actor';

export async function getMe({ db, actor }: { db: Db; actor: Actor }): Promise<Me> {
  const company = actor.companyId ? ((await findCompany(db, actor.companyId)) ?? null) : null;
  return {
    user: { id: actor.userId, email: actor.email, name: actor.name },
    role: actor.role,
    company,
    companyRole: company ? actor.companyRole : null,
  };
}
