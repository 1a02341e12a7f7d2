import { z } from 'zod';
import { normaliseLicenceNumber } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import {
  copyCompanyDimensions,
  insertCompanies,
  insertLicences,
  lockReadModel,
  truncateKeepingEventFacts,
} from '../../data-access/consistency.repository';
import { withTransaction, type Db, type Tx } from '../../data-access/database';
import {
  openSnapshot,
  type SnapshotSource,
} from '../../infrastructure/licences-snapshot/licences-snapshot.client';
import type {
  SnapshotCompany,
  SnapshotLicence,
} from '../../infrastructure/licences-snapshot/snapshot-lines.schema';
import type { RebuiltCompany, RebuiltLicence } from './consistency.types';

const ZRebuildOptions = z.object({
  /** Snapshot lines written per INSERT. */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
});

export interface RebuildResult {
  companies: number;
  licences: number;
  asOf: { companies: string; licences: string };
}

const toCompany = (c: SnapshotCompany): RebuiltCompany => ({
  id: c.id,
  name: c.name,
  eori: c.eori,
  country: c.country,
  memberState: c.memberState,
  sme: c.sme,
  sector: c.sector,
  eventAt: c.updatedAt,
});

const toLicence = (l: SnapshotLicence): RebuiltLicence => ({
  id: l.id,
  companyId: l.companyId,
  licenceNumber: l.licenceNumber,
  numberNormalised: normaliseLicenceNumber(l.licenceNumber),
  version: l.version,
  licenceType: l.licenceType,
  validFrom: l.validFrom,
  validTo: l.validTo,
  applicationDate: l.applicationDate,
  exporterName: l.exporter.name,
  exporterCreditCode: l.exporter.creditCode,
  sector: l.sector,
  elements: l.elements,
  productType: l.productType,
  quantityKg: l.quantityKg,
  valueEur: l.valueEur,
  urgent: l.urgent,
  status: l.status,
  decisionDate: l.decisionDate,
  customsStatus: l.customsStatus,
  source: l.source,
  submittedAt: l.submittedAt,
  updatedAt: l.updatedAt,
  transmissionCount: l.transmissionCount,
  lastTransmittedAt: l.lastTransmittedAt,
});

/** Writes the rows of an iterable in batches; answers how many. */
async function refill<T, R>(
  rows: AsyncIterable<T>,
  batchSize: number,
  to: (row: T) => R,
  write: (batch: R[]) => Promise<void>,
): Promise<number> {
  let batch: R[] = [];
  let count = 0;
  for await (const row of rows) {
    batch.push(to(row));
    count += 1;
    if (batch.length === batchSize) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length) await write(batch);
  return count;
}

/**
 * Rebuilds the read model's companies and licences from the licences service's snapshot, in one
 * transaction: the tables are emptied and refilled in batches, so a failure (a snapshot cut short
 * included) leaves the read model as it was, and a check right after finds no difference.
 *
 * What a snapshot cannot restore is kept, because only events say it: MOFCOM feedback and
 * industry confirmations (the discrepancies), transmission batches (the last batch time), the
 * per-batch transmissions, the processed-event ids (a redelivered event stays a no-op), and on
 * each licence when its status last changed (the stale rule; when the status moved since, the
 * licence's last update stands in) and its first transmission. Licence rows made only by events
 * about a licence the snapshot does not have (yet) are dropped: their LicenceSubmitted remakes them.
 *
 * Consumers wait while it runs (the tables are locked first, see lockReadModel), and so do
 * reports: run it when a stale read model is worse than a pause.
 */
export async function rebuildReadModel({
  db,
  source,
  ...options
}: {
  db: Db;
  source: SnapshotSource;
  batchSize?: number;
}): Promise<RebuildResult> {
  const { batchSize } = parseOrThrow(ZRebuildOptions, options);
  return withTransaction(db, async (tx: Tx) => {
    await lockReadModel(tx);
    await truncateKeepingEventFacts(tx);
    const companies = openSnapshot(source, 'companies');
    const companyCount = await refill(companies.rows, batchSize, toCompany, (batch) =>
      insertCompanies(tx, batch),
    );
    const licences = openSnapshot(source, 'licences');
    const licenceCount = await refill(licences.rows, batchSize, toLicence, (batch) =>
      insertLicences(tx, batch),
    );
    await copyCompanyDimensions(tx);
    return {
      companies: companyCount,
      licences: licenceCount,
      asOf: { companies: companies.end!.asOf, licences: licences.end!.asOf },
    };
  });
}
