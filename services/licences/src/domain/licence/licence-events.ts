import { newEvent, type AnyEnvelope, type EventMeta } from '@lmp/contracts';
import type { Changes, LicenceRecord } from './licence.types';

const ref = (l: LicenceRecord) => ({
  licenceId: l.id,
  companyId: l.companyId,
  licenceNumber: l.licenceNumber,
});

export function licenceSubmittedEvent(l: LicenceRecord, meta: EventMeta): AnyEnvelope {
  return newEvent(
    'LicenceSubmitted',
    {
      ...ref(l),
      licenceType: l.licenceType,
      validFrom: l.validFrom,
      validTo: l.validTo,
      applicationDate: l.applicationDate,
      exporterName: l.exporter.name,
      exporterCreditCode: l.exporter.creditCode ?? null,
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
      reviewRequired: l.reviewRequired,
      submittedAt: l.submittedAt,
    },
    meta,
  );
}

/** LicenceUpdated for every edit, plus the status events consumers subscribe to on their own. */
export function licenceChangedEvents(
  before: LicenceRecord,
  after: LicenceRecord,
  changes: Changes,
  meta: EventMeta,
) {
  const events: AnyEnvelope[] = [
    newEvent('LicenceUpdated', { ...ref(after), version: after.version, changes }, meta),
  ];
  if (before.status !== after.status) {
    events.push(
      newEvent(
        'LicenceStatusChanged',
        {
          ...ref(after),
          version: after.version,
          from: before.status,
          to: after.status,
          decisionDate: after.decisionDate,
          submittedAt: after.submittedAt,
        },
        meta,
      ),
    );
  }
  if (before.customsStatus !== after.customsStatus) {
    events.push(
      newEvent(
        'LicenceCustomsStatusChanged',
        {
          ...ref(after),
          version: after.version,
          from: before.customsStatus,
          to: after.customsStatus,
          note: after.customsNote,
        },
        meta,
      ),
    );
  }
  return events;
}
