import type { Db } from '../../data-access/database';
import { listHistory } from '../../data-access/licence-history.repository';
import { findLicence } from '../../data-access/licence.repository';
import { assertCanSee, isCommission, type Actor } from '../identity/actor';
import { assertId } from '../resource-id';
import type { HistoryRecord } from '../licence/licence.types';
import { historyForHolder } from '../licence/licence-transfer';

/**
 * GET /licences/{id}/history: who changed what, when (another company's licence is 404). After a
 * transfer, the new holder sees the earlier holders' changes but not who made them.
 */
export async function getLicenceHistory({
  db,
  actor,
  licenceId,
}: {
  db: Db;
  actor: Actor;
  licenceId: string;
}): Promise<HistoryRecord[]> {
  assertId(licenceId, 'licence');
  assertCanSee(actor, await findLicence(db, licenceId));
  const history = await listHistory(db, licenceId);
  return isCommission(actor) ? history : historyForHolder(history);
}
