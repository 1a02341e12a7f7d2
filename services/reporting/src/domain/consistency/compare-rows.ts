import type {
  SnapshotCompany,
  SnapshotLicence,
} from '../../infrastructure/licences-snapshot/snapshot-lines.schema';
import type { CompanyDimensions, Difference, ReadModelCompany, ReadModelLicence } from './consistency.types';

type Pair = [field: string, expected: unknown, actual: unknown];

/** Same instant whatever the precision or offset written (Postgres keeps milliseconds). */
const instant = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const sorted = (values: readonly string[]) => [...values].sort();

function differencesOf(kind: Difference['kind'], id: string, pairs: Pair[]): Difference[] {
  return pairs
    .filter(([, expected, actual]) => JSON.stringify(expected) !== JSON.stringify(actual))
    .map(([field, expected, actual]) => ({ kind, id, field, expected, actual }));
}

export function compareCompany(expected: SnapshotCompany, actual: ReadModelCompany): Difference[] {
  return differencesOf('company', expected.id, [
    ['name', expected.name, actual.name],
    ['eori', expected.eori, actual.eori],
    ['country', expected.country, actual.country],
    ['memberState', expected.memberState, actual.memberState],
    ['sme', expected.sme, actual.sme],
    ['sector', expected.sector, actual.sector],
  ]);
}

/**
 * What reports read of a licence, against the snapshot. Left out: the exporter's credit code
 * (LicenceSubmitted does not carry it, so the read model learns it only from a later edit),
 * urgency reason and customs note (no report shows them) and the version (reporting keeps the
 * newest it saw, which an event it does not consume may have moved on).
 *
 * The company dimensions copied onto the licence are compared with the read model's company row,
 * itself compared with the companies snapshot: so the check holds one row of each at a time, never
 * every company in memory.
 */
export function compareLicence(expected: SnapshotLicence, actual: ReadModelLicence): Difference[] {
  const pairs: Pair[] = [
    ['submitted', true, actual.submitted],
    ['companyId', expected.companyId, actual.companyId],
    ['licenceNumber', expected.licenceNumber, actual.licenceNumber],
    ['licenceType', expected.licenceType, actual.licenceType],
    ['validFrom', expected.validFrom, actual.validFrom],
    ['validTo', expected.validTo, actual.validTo],
    ['applicationDate', expected.applicationDate, actual.applicationDate],
    ['exporterName', expected.exporter.name, actual.exporterName],
    ['sector', expected.sector, actual.sector],
    ['elements', sorted(expected.elements), sorted(actual.elements)],
    ['productType', expected.productType, actual.productType],
    ['quantityKg', expected.quantityKg, actual.quantityKg],
    ['valueEur', expected.valueEur, actual.valueEur],
    ['urgent', expected.urgent, actual.urgent],
    ['status', expected.status, actual.status],
    ['decisionDate', expected.decisionDate, actual.decisionDate],
    ['customsStatus', expected.customsStatus, actual.customsStatus],
    ['source', expected.source, actual.source],
    ['submittedAt', instant(expected.submittedAt), instant(actual.submittedAt)],
    ['transmissionCount', expected.transmissionCount, actual.transmissionCount],
    ['lastTransmittedAt', instant(expected.lastTransmittedAt), instant(actual.lastTransmittedAt)],
  ];
  if (actual.company) {
    for (const key of Object.keys(actual.company) as (keyof CompanyDimensions)[]) {
      pairs.push([key, actual.company[key], actual[key]]);
    }
  }
  return differencesOf('licence', expected.id, pairs);
}
