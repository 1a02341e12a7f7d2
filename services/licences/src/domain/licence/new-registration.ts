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
 * LicenceSubmitted, plus the answer. Shared with the file import, so both write the same.
 */
export function newRegistration(
  actor: Actor & { companyId: string },
  data: LicenceInput,
  options: { source: Licence['source']; now: Date },
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
    submittedBy: actor.userId,
    submittedAt: options.now,
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
    submittedAt: at,
    updatedAt: at,
    version: 1,
    transmissionCount: 0,
    lastTransmittedAt: null,
  };
}
