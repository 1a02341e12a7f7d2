import type { Db } from '../../data-access/database';
import { listHistory } from '../../data-access/licence-history.repository';
import { findLicence } from '../../data-access/licence.repository';
import { assertCanSee, type Actor } from '../identity/actor';
import { assertLicenceId } from '../licence/licence-id';
import type { HistoryRecord } from '../licence/licence.types';

/** GET /licences/{id}/history: who changed what, when (another company's licence is 404). */
export async function getLicenceHistory({
  db,
  actor,
  licenceId,
}: {
  db: Db;
  actor: Actor;
  licenceId: string;
}): Promise<HistoryRecord[]> {
  assertLicenceId(licenceId);
  assertCanSee(actor, await findLicence(db, licenceId));
  return listHistory(db, licenceId);
}
