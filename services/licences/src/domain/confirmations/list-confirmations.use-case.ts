import type { ConfirmationRequest } from '@lmp/contracts';
import type { Db } from '../../data-access/database';
import { listOpenConfirmations } from '../../data-access/confirmation.repository';
import { companyScopeOf, type Actor } from '../identity/actor';

/** GET /confirmations: the open requests of the caller's company (Commission: all). */
export async function listConfirmations({
  db,
  actor,
}: {
  db: Db;
  actor: Actor;
}): Promise<ConfirmationRequest[]> {
  const open = await listOpenConfirmations(db, { companyId: companyScopeOf(actor) });
  return open.map(({ companyId: _c, resolvedAt: _r, ...c }) => c);
}
