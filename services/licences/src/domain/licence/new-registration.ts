import { randomUUID } from 'node:crypto';
import type { Licence, LicenceInput } from '@lmp/contracts';
import type { Actor } from '../identity/actor';
import { eventMeta } from '../event-meta';
import { licenceSubmittedEvent } from './licence-events';
import { LICENCE_NUMBER_KEY_VERSION, normaliseLicenceNumber } from './licence-number';
import { valuesOfInput } from './licence-values';
import { toLicence } from './licence-view';
import type { LicenceRecord, LicenceRegistration, NewLicenceRow } from './licence.types';

/**
 * What registering a checked licence writes: the row, its first history entry and
 * LicenceSubmitted, plus the answer. Shared with the file import and the EU Survey migration, so
 * all write the same. `submittedAt` (default `now`) is when it was submitted: the migration keeps
 * the survey's time, so the licence's timeline and its history's first entry start there.
 */
export function newRegistration(
  actor: Actor & { companyId: string },
  data: LicenceInput,
  options: { source: Licence['source']; now: Date; submittedAt?: Date; reviewRequired?: boolean },
): { registration: LicenceRegistration; view: Licence } {
  const values = valuesOfInput(data);
  const row: NewLicenceRow = {
    id: randomUUID(),
    companyId: actor.companyId,
    licenceNumber: data.licenceNumber,
    numberNormalised: normaliseLicenceNumber(data.licenceNumber),
    numberKeyVersion: LICENCE_NUMBER_KEY_VERSION,
    values,
    mofcomCentralLevel: data.mofcomCentralLevel,
    source: options.source,
    reviewRequired: options.reviewRequired ?? false,
    submittedBy: actor.userId,
    submittedAt: options.submittedAt ?? options.now,
  };
  const record = recordOf(row);
  const registration: LicenceRegistration = {
    row,
    history: {
      id: randomUUID(),
      actorId: actor.userId,
      actorName: actor.name,
      changes: Object.fromEntries(
        Object.entries({ licenceNumber: row.licenceNumber, ...values })
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, { from: null, to: v }]),
      ),
    },
    events: [licenceSubmittedEvent(record, eventMeta(actor, options.now))],
  };
  return { registration, view: toLicence(record, []) };
}

/** The record as the insert will store it, so the event and the answer need no read-back. */
function recordOf(row: NewLicenceRow): LicenceRecord {
  const v = row.values;
  const at = row.submittedAt.toISOString();
  return {
    id: row.id,
    companyId: row.companyId,
    licenceNumber: row.licenceNumber,
    licenceType: v.licenceType,
    validFrom: v.validFrom,
    validTo: v.validTo,
    applicationDate: v.applicationDate,
    exporter: { name: v.exporterName, creditCode: v.exporterCreditCode },
    sector: v.sector,
    elements: v.elements,
    productType: v.productType,
    quantityKg: v.quantityKg,
    valueEur: v.valueEur,
    urgent: v.urgent,
    urgencyReason: v.urgencyReason,
    status: v.status,
    decisionDate: v.decisionDate,
    customsStatus: v.customsStatus,
    customsNote: v.customsNote,
    mofcomCentralLevel: row.mofcomCentralLevel,
    source: row.source,
    reviewRequired: row.reviewRequired ?? false,
    submittedAt: at,
    updatedAt: at,
    version: 1,
    transmissionCount: 0,
    lastTransmittedAt: null,
  };
}
