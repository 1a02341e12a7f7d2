import type { LicenceDetail } from '@lmp/contracts';
import type { Db } from '../data-access/database';
import { listOpenConfirmations } from '../data-access/confirmation.repository';
import { listHistory, summariseHistory, type HistoryRecord } from '../data-access/licence-history.repository';
import { transmissionDates } from '../data-access/licence-transmission.repository';
import { findLicence } from '../data-access/licence.repository';
import { assertCanSee, type Actor } from './actor';
import { assertLicenceId } from './licence-id';
import { toLicence } from './licence-view';

export async function getLicence({
  db,
  actor,
  licenceId,
}: {
  db: Db;
  actor: Actor;
  licenceId: string;
}): Promise<LicenceDetail> {
  assertLicenceId(licenceId);
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
