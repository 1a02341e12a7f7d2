import type { LicenceDetail } from '@lmp/contracts';
import type { Db } from '../../data-access/database';
import { listOpenConfirmations } from '../../data-access/confirmation.repository';
import { summariseHistory } from '../../data-access/licence-history.repository';
import { transmissionDates } from '../../data-access/licence-transmission.repository';
import { findLicence } from '../../data-access/licence.repository';
import { assertCanSee, type Actor } from '../identity/actor';
import { assertId } from '../resource-id';
import { toLicence } from '../licence/licence-view';

/** GET /licences/{id}: the licence with its open confirmation requests and a history summary. */
export async function getLicence({
  db,
  actor,
  licenceId,
}: {
  db: Db;
  actor: Actor;
  licenceId: string;
}): Promise<LicenceDetail> {
  assertId(licenceId, 'licence');
  const record = await findLicence(db, licenceId);
  assertCanSee(actor, record);
  const [dates, confirmations, history] = await Promise.all([
    transmissionDates(db, [record.id]),
    listOpenConfirmations(db, { companyId: record.companyId, licenceId: record.id }),
    summariseHistory(db, record.id),
  ]);
  return {
    ...toLicence(record, dates.get(record.id) ?? []),
    openConfirmations: confirmations.map(({ companyId: _c, resolvedAt: _r, ...c }) => c),
    history: history ?? { changes: 0, lastChangedAt: record.updatedAt, lastChangedBy: { id: '', name: '' } },
  };
}
